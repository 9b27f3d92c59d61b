package dev.dbops.aurora.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import dev.dbops.aurora.testing.SampleSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PreflightTest {

  private static final String PROBLEMS = "preflight_problems";
  private static final String CLEAN = "preflight_clean";

  private static final Started source = EmbeddedPostgresServers.source();
  private static List<SchemaFinding> problems;

  @BeforeAll
  static void loadSchemas() throws SQLException {
    source.recreateDatabase(PROBLEMS);
    source.recreateDatabase(CLEAN);
    try (Connection c = source.connect(PROBLEMS)) {
      SampleSchema.load(c);
      SampleSchema.loadProblems(c);
    }
    try (Connection c = source.connect(CLEAN)) {
      SampleSchema.load(c);
    }
    problems = in(PROBLEMS, source.server().preflight(List.of(PROBLEMS), EmbeddedPostgresServers.TARGET_MAJOR));
  }

  /** Preflight checks every database of the cluster: the shared server must not keep these for other tests. */
  @AfterAll
  static void dropSchemas() throws SQLException {
    try (Connection c = source.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + PROBLEMS);
      s.execute("DROP DATABASE IF EXISTS " + CLEAN);
    }
  }

  @Test
  void preflightFindsEachBlockerInProblemSchema() {
    assertThat(blocker("postfix-operators")).containsExactly(PROBLEMS + ".legacy.operator %% (numeric, NONE)");
    assertThat(blocker("removed-builtins"))
        .containsExactly(PROBLEMS + ".legacy.factorials", PROBLEMS + ".legacy.small_boxes");
    assertThat(blocker("anyarray-polymorphics"))
        .containsExactlyInAnyOrder(
            PROBLEMS + ".legacy.aggregate array_accum(anyelement)",
            PROBLEMS + ".legacy.operator ##>(anyarray, anyelement)");
    assertThat(blocker("python2"))
        .contains(PROBLEMS + ".legacy.function py_add(a integer, b integer)", PROBLEMS + ".language plpython2u");
    assertThat(blocker("reg-type-columns")).containsExactly(PROBLEMS + ".legacy.saved_calls.target");
    assertThat(blocker("extensions-unavailable")).containsExactly(PROBLEMS + ".legacy.file_fdw");
  }

  @Test
  void problemSchemaAlsoWarnsWithoutBlocking() {
    assertThat(warning("exclusive-backup-functions")).containsExactly(PROBLEMS + ".legacy.function nightly_backup()");
    assertThat(warning("public-schema-create")).containsExactly(PROBLEMS + ".public");
    assertThat(warning("extension-containment-operators")).containsExactly(PROBLEMS + ".legacy.tagged");
    // The built-in Aurora list has names only, so hstore is judged against the source's own default.
    assertThat(warning("extensions-need-update")).containsExactly(PROBLEMS + ".legacy.hstore");
    assertThat(problems).allSatisfy(f -> assertThat(f.message()).isNotBlank());
    assertThat(problems).allSatisfy(f -> assertThat(f.advice()).isNotBlank());
  }

  @Test
  void cleanSchemaHasNoBlockers() {
    List<SchemaFinding> findings =
        in(CLEAN, source.server().preflight(List.of(CLEAN), EmbeddedPostgresServers.TARGET_MAJOR));

    assertThat(findings).noneMatch(SchemaFinding::blocker);
    // PostgreSQL 13 grants CREATE on public to PUBLIC, so the one warning is expected everywhere.
    assertThat(findings).extracting(SchemaFinding::check).containsExactly("public-schema-create");
  }

  @Test
  void databasesTheMigrationDoesNotNameAreCheckedToo() {
    // pg_upgrade takes the whole cluster, so the problem database blocks a migration of the clean one.
    List<SchemaFinding> findings = source.server().preflight(List.of(CLEAN), EmbeddedPostgresServers.TARGET_MAJOR);

    assertThat(findings).filteredOn(f -> f.check().equals("reg-type-columns"))
        .extracting(SchemaFinding::object).contains(PROBLEMS + ".legacy.saved_calls.target");
  }

  @Test
  void extensionsJudgedByReachableTarget() throws SQLException {
    Started target = EmbeddedPostgresServers.target();
    ExtensionCatalog live = target.server().availableExtensions();

    List<SchemaFinding> findings = in(PROBLEMS,
        source.server().preflight(List.of(PROBLEMS), EmbeddedPostgresServers.TARGET_MAJOR, Optional.of(live)));

    // Community 15 ships file_fdw, so against this target it is no blocker, unlike against Aurora's list.
    assertThat(findings).noneMatch(f -> f.check().equals("extensions-unavailable"));
    String targetHstore;
    try (Connection c = target.connect("postgres"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT default_version FROM pg_available_extensions WHERE name = 'hstore'")) {
      rs.next();
      targetHstore = rs.getString(1);
    }
    assertThat(findings)
        .filteredOn(f -> f.check().equals("extensions-need-update"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("1.4", targetHstore));
  }

  @Test
  void sqlIdentifierColumnsFoundForAnElevenSource() throws SQLException {
    CatalogQueryCheck check = catalogCheck("sql-identifier-columns");

    assertThat(check.appliesTo(11, 15)).isTrue();
    assertThat(check.appliesTo(13, 15)).isFalse();
    // The type still exists on 13, so the query itself can be run against the problem schema.
    try (Connection c = source.connect(PROBLEMS)) {
      assertThat(check.findIn(c, PROBLEMS))
          .extracting(SchemaFinding::object)
          .containsExactly(PROBLEMS + ".legacy.catalog_copy.name");
    }
  }

  @Test
  void checksApplyOnlyAcrossTheVersionThatChangedThem() {
    assertThat(catalogCheck("postfix-operators").appliesTo(13, 15)).isTrue();
    assertThat(catalogCheck("postfix-operators").appliesTo(14, 15)).isFalse();
    assertThat(catalogCheck("tables-with-oids").appliesTo(11, 15)).isTrue();
    assertThat(catalogCheck("tables-with-oids").appliesTo(13, 15)).isFalse();
    assertThat(catalogCheck("python2").appliesTo(13, 14)).isFalse();
    assertThat(catalogCheck("reg-type-columns").appliesTo(14, 15)).isTrue();
    assertThat(catalogCheck("reg-type-columns").appliesTo(15, 15)).isFalse();
  }

  /** The findings in one database: other tests keep databases of their own on the shared server. */
  private static List<SchemaFinding> in(String database, List<SchemaFinding> findings) {
    return findings.stream().filter(f -> f.object().startsWith(database + ".")).toList();
  }

  private static CatalogQueryCheck catalogCheck(String id) {
    return UpgradeIncompatibilities.CATALOG_CHECKS.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  private static List<String> blocker(String check) {
    return problems.stream().filter(f -> f.check().equals(check) && f.blocker()).map(SchemaFinding::object).toList();
  }

  private static List<String> warning(String check) {
    return problems.stream().filter(f -> f.check().equals(check) && !f.blocker()).map(SchemaFinding::object).toList();
  }
}
