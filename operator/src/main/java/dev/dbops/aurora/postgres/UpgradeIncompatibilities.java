package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What breaks between a source major version (11 or 13) and the target (15), per database. The
 * checks follow the "Migration to Version" sections of the PostgreSQL 12, 14 and 15 release notes
 * and the checks pg_upgrade itself runs, which is what Aurora's major upgrade uses; a blocker found
 * here would otherwise fail the upgrade hours into the migration, with the source already read-only.
 */
public final class UpgradeIncompatibilities {

  /** Objects created by users; the catalog's own have OIDs below FirstNormalObjectId. */
  private static final String USER_OID = "16384";

  /** Temporary schemas hold what an upgrade never keeps (orphans of crashed sessions included). */
  private static final String USER_SCHEMA =
      "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
          + " AND n.nspname !~ '^pg_temp_'";

  private static String typesNamed(String schema, String... names) {
    return "SELECT t.oid FROM pg_catalog.pg_type t WHERE t.typnamespace = '" + schema + "'::regnamespace"
        + " AND t.typname IN ('" + String.join("', '", names) + "')";
  }

  private static final String OLD_ARRAY_FUNCTIONS =
      """
      WITH poly AS (SELECT ARRAY['anyarray'::regtype::oid, 'anyelement'::regtype::oid,
                                 'anynonarray'::regtype::oid] AS oids),
      old AS (
        SELECT p.oid FROM pg_proc p, poly
        WHERE p.pronamespace = 'pg_catalog'::regnamespace
          AND p.proname IN ('array_append', 'array_prepend', 'array_cat', 'array_position',
                            'array_positions', 'array_remove', 'array_replace', 'width_bucket')
          AND p.proargtypes::oid[] && poly.oids)
      SELECT n.nspname,
             'aggregate ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
             f.proname
      FROM pg_aggregate a
      JOIN pg_proc p ON p.oid = a.aggfnoid
      JOIN pg_namespace n ON n.oid = p.pronamespace
      JOIN pg_proc f ON f.oid IN (a.aggtransfn::oid, a.aggfinalfn::oid)
      CROSS JOIN poly
      WHERE p.oid >= %1$s AND f.oid IN (SELECT oid FROM old)
        AND (p.proargtypes::oid[] && poly.oids OR a.aggtranstype = ANY (poly.oids))
      UNION ALL
      SELECT n.nspname,
             'operator ' || o.oprname || '(' || format_type(o.oprleft, NULL) || ', '
               || format_type(o.oprright, NULL) || ')',
             f.proname
      FROM pg_operator o
      JOIN pg_namespace n ON n.oid = o.oprnamespace
      JOIN pg_proc f ON f.oid = o.oprcode::oid
      CROSS JOIN poly
      WHERE o.oid >= %1$s AND f.oid IN (SELECT oid FROM old)
        AND (o.oprleft = ANY (poly.oids) OR o.oprright = ANY (poly.oids))
      ORDER BY 1, 2
      """.formatted(USER_OID);

  /** The checks that are one catalog query each; the extension check needs the target's list. */
  public static final List<CatalogQueryCheck> CATALOG_CHECKS =
      List.of(
          new CatalogQueryCheck("postfix-operators", true, 14,
              """
              SELECT n.nspname, 'operator ' || o.oprname || ' (' || format_type(o.oprleft, NULL) || ', NONE)', ''
              FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
              WHERE o.oprright = 0 AND o.oid >= %s
              ORDER BY 1, 2
              """.formatted(USER_OID),
              "%s is a postfix operator%s; PostgreSQL 14 removed postfix operators",
              "drop the operator and rewrite its uses as a function call or prefix operator"),
          // pg_upgrade --check does not look at expressions: these fail only when the upgrade restores
          // the schema, which is why Preflight must find them.
          new CatalogQueryCheck("removed-builtins", true, 15, RemovedBuiltins.USES,
              "%s uses the built-in %s, which PostgreSQL 14/15 removed; restoring it during the upgrade fails",
              "rewrite the expression as suggested and recreate the object (view, default, constraint, index…)"),
          new CatalogQueryCheck("removed-catalog-columns", true, 15, RemovedBuiltins.COLUMN_USES,
              "view %s reads %s, which PostgreSQL 15 no longer has; restoring it during the upgrade fails",
              "drop the column from the view (CREATE OR REPLACE VIEW cannot drop columns: drop and recreate it)"),
          // The same operators of cube, hstore, intarray and seg survive pg_upgrade (extensions keep
          // their old version) but ALTER EXTENSION … UPDATE drops them, and fails while a view uses them.
          new CatalogQueryCheck("extension-containment-operators", false, 14,
              """
              SELECT DISTINCT vn.nspname, v.relname, o.oprname || ' of ' || e.extname
              FROM pg_depend d
              JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
              JOIN pg_class v ON v.oid = r.ev_class
              JOIN pg_namespace vn ON vn.oid = v.relnamespace
              JOIN pg_operator o ON d.refclassid = 'pg_operator'::regclass AND d.refobjid = o.oid
              JOIN pg_depend ed ON ed.classid = 'pg_operator'::regclass AND ed.objid = o.oid AND ed.deptype = 'e'
              JOIN pg_extension e ON e.oid = ed.refobjid
              WHERE o.oprname IN ('@', '~') AND e.extname IN ('cube', 'hstore', 'intarray', 'seg')
              ORDER BY 1, 2
              """,
              "view %s uses the deprecated operator %s; ALTER EXTENSION … UPDATE after the upgrade will fail on it",
              "rewrite a @ b as a <@ b and a ~ b as a @> b in the view before migrating"),
          new CatalogQueryCheck("anyarray-polymorphics", true, 14, OLD_ARRAY_FUNCTIONS,
              "%s is built on %s with anyarray/anyelement arguments; PostgreSQL 14 changed it to anycompatible…",
              "drop it before the upgrade and recreate it afterwards with anycompatiblearray/anycompatible"),
          new CatalogQueryCheck("python2", true, 15,
              """
              SELECT n.nspname, 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                     l.lanname
              FROM pg_proc p
              JOIN pg_language l ON l.oid = p.prolang
              JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE l.lanname IN ('plpythonu', 'plpython2u')
              UNION ALL
              SELECT NULL, 'language ' || l.lanname, l.lanname
              FROM pg_language l
              WHERE l.lanname IN ('plpythonu', 'plpython2u')
              UNION ALL
              SELECT n.nspname, 'extension ' || e.extname, e.extname
              FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
              WHERE e.extname ~ '(^|_)plpython2?u$'
              ORDER BY 1, 2
              """,
              "%s uses %s; PostgreSQL 15 removed Python 2 (and Aurora offers no PL/Python)",
              "rewrite the functions in PL/pgSQL (or another language the target offers) and drop the language"),
          new CatalogQueryCheck("reg-type-columns", true, 0,
              StoredTypeUsage.columnsStoring(typesNamed("pg_catalog", "regcollation", "regconfig",
                  "regdictionary", "regnamespace", "regoper", "regoperator", "regproc", "regprocedure")),
              "column %s is of type %s, whose stored OIDs pg_upgrade cannot carry over",
              "change the column to text (or to regclass/regrole/regtype, which pg_upgrade accepts) before migrating"),
          new CatalogQueryCheck("tables-with-oids", true, 12,
              """
              SELECT n.nspname, c.relname, ''
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relhasoids AND %s
              ORDER BY 1, 2
              """.formatted(USER_SCHEMA),
              "table %s is WITH OIDS%s; PostgreSQL 12 removed table OIDs",
              "ALTER TABLE … SET WITHOUT OIDS (add an explicit column first if the application reads oid)"),
          new CatalogQueryCheck("removed-datetime-types", true, 12,
              StoredTypeUsage.columnsStoring(typesNamed("pg_catalog", "abstime", "reltime", "tinterval")),
              "column %s is of type %s, which PostgreSQL 12 removed",
              "ALTER the column to timestamptz or interval before migrating"),
          new CatalogQueryCheck("sql-identifier-columns", true, 12,
              StoredTypeUsage.columnsStoring(typesNamed("information_schema", "sql_identifier")),
              "column %s is of type %s, whose storage changed in PostgreSQL 12 so pg_upgrade refuses it",
              "ALTER the column to text or name before migrating"),
          // pg_upgrade refuses the row types of system catalogs (and of information_schema) in user
          // tables: their OIDs are not kept.
          new CatalogQueryCheck("system-composite-columns", true, 0,
              StoredTypeUsage.columnsStoring(
                  "SELECT t.oid FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid"
                      + " WHERE t.typtype = 'c' AND (t.oid < " + USER_OID + " OR n.nspname = 'information_schema')"),
              "column %s stores the system row type %s, whose OID pg_upgrade cannot carry over",
              "store the fields you need as ordinary columns (or jsonb) instead of the catalog's row type"),
          // 14 stopped giving sequences a row type: a table storing one cannot be restored.
          new CatalogQueryCheck("sequence-row-type-columns", true, 14,
              StoredTypeUsage.columnsStoring(
                  "SELECT c.reltype FROM pg_catalog.pg_class c WHERE c.relkind = 'S' AND c.reltype <> 0"),
              "column %s is of the sequence row type %s, which PostgreSQL 14 no longer has",
              "store last_value (bigint) or what you need as ordinary columns instead"),
          // 14 changed the signature of encoding conversion functions; pg_upgrade refuses user conversions.
          new CatalogQueryCheck("user-encoding-conversions", true, 14,
              """
              SELECT n.nspname, 'conversion ' || c.conname,
                     pg_encoding_to_char(c.conforencoding) || ' to ' || pg_encoding_to_char(c.contoencoding)
              FROM pg_conversion c JOIN pg_namespace n ON n.oid = c.connamespace
              WHERE c.oid >= %s
              ORDER BY 1, 2
              """.formatted(USER_OID),
              "%s (%s) is a user-defined encoding conversion; PostgreSQL 14 changed their function signature",
              "DROP CONVERSION before migrating; recreate it on 15 with a function of the new signature"),
          new CatalogQueryCheck("public-schema-create", false, 15,
              """
              SELECT NULL, n.nspname, ''
              FROM pg_namespace n, aclexplode(n.nspacl) acl
              WHERE n.nspname = 'public' AND acl.grantee = 0 AND acl.privilege_type = 'CREATE'
              """,
              "schema %s lets every role CREATE%s; databases created on PostgreSQL 15 no longer grant that",
              "upgraded databases keep the grant, but GRANT CREATE ON SCHEMA public explicitly to the roles"
                  + " that need it in any database you create later"),
          new CatalogQueryCheck("exclusive-backup-functions", false, 15,
              """
              SELECT n.nspname, 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                     substring(p.prosrc from '(?i)pg_(?:start_backup|stop_backup|is_in_backup|backup_start_time)')
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE p.oid >= %s AND %s AND p.prosrc ~* 'pg_(start_backup|stop_backup|is_in_backup|backup_start_time)'
              ORDER BY 1, 2
              """.formatted(USER_OID, USER_SCHEMA),
              // Function bodies are restored without validation (pg_dump turns check_function_bodies off),
              // so the upgrade passes and the function fails when called: a warning, not a blocker.
              "%s calls %s, which PostgreSQL 15 removed with exclusive backup mode; calls will fail on 15",
              "call pg_backup_start/pg_backup_stop instead once on 15"));

  /**
   * Checks of the whole cluster, run once: pg_upgrade refuses prepared transactions and any database
   * but template0 that does not allow connections (it must connect to each), and cannot connect to an
   * invalid one; Aurora's own pre-check refuses logical replication slots.
   */
  public static final List<CatalogQueryCheck> CLUSTER_CHECKS =
      List.of(
          new CatalogQueryCheck("prepared-transactions", true, 0,
              """
              SELECT NULL, 'prepared transaction ' || quote_literal(gid),
                     'in database ' || database || ', prepared ' || prepared || ' by ' || owner
              FROM pg_prepared_xacts ORDER BY prepared
              """,
              "%s (%s) is still open; pg_upgrade refuses a cluster with prepared transactions",
              "finish it in its database: COMMIT PREPARED 'gid' or ROLLBACK PREPARED 'gid'"),
          new CatalogQueryCheck("logical-replication-slots", true, 0,
              """
              SELECT NULL, 'replication slot ' || slot_name,
                     'plugin ' || plugin || ' in database ' || database || CASE WHEN active THEN ', active' ELSE '' END
              FROM pg_replication_slots WHERE slot_type = 'logical' ORDER BY slot_name
              """,
              "logical %s (%s) exists; Aurora's upgrade pre-check refuses logical slots on sources before 17",
              "stop its consumer, then SELECT pg_drop_replication_slot('name'); recreate it after the migration"),
          new CatalogQueryCheck("databases-disallowing-connections", true, 0,
              """
              SELECT NULL, 'database ' || datname, ''
              FROM pg_database WHERE NOT datallowconn AND datname <> 'template0' ORDER BY datname
              """,
              "%s does not allow connections%s; pg_upgrade must connect to every database but template0",
              "ALTER DATABASE name ALLOW_CONNECTIONS true (or DROP DATABASE name if it is no longer needed)"),
          new CatalogQueryCheck("template0-allows-connections", true, 0,
              """
              SELECT NULL, 'database ' || datname, ''
              FROM pg_database WHERE datallowconn AND datname = 'template0'
              """,
              "%s allows connections%s; pg_upgrade refuses that",
              "ALTER DATABASE template0 ALLOW_CONNECTIONS false"),
          // 13.13 and later mark a database invalid (datconnlimit -2) before DROP DATABASE removes its
          // files; an interrupted drop leaves it so, and nobody can connect to it again.
          new CatalogQueryCheck("invalid-databases", true, 0,
              """
              SELECT NULL, 'database ' || datname, ''
              FROM pg_database WHERE datconnlimit = -2 ORDER BY datname
              """,
              "%s is invalid (an interrupted DROP DATABASE)%s; the upgrade cannot connect to it",
              "DROP DATABASE name (it can only be dropped)"),
          // Aurora keeps rdsadmin for itself and checks it; any other database Preflight may not enter is
          // one pg_upgrade still checks.
          new CatalogQueryCheck("unchecked-databases", false, 0,
              """
              SELECT NULL, 'database ' || datname, ''
              FROM pg_database
              WHERE datallowconn AND datconnlimit <> -2 AND datname NOT IN ('template0', 'rdsadmin')
                AND NOT has_database_privilege(datname, 'CONNECT')
              ORDER BY datname
              """,
              "%s was not checked: the migration user may not connect to it%s; the upgrade still checks it",
              "GRANT CONNECT ON DATABASE name to the migration user, or check it yourself"));

  /**
   * Every database pg_upgrade opens (it connects to each that allows connections, templates included)
   * that can be entered: Preflight must check them all, not only the ones the migration names.
   */
  public static final String DATABASES_THE_UPGRADE_OPENS =
      """
      SELECT datname FROM pg_database
      WHERE datallowconn AND datconnlimit <> -2 AND has_database_privilege(datname, 'CONNECT')
      ORDER BY datname
      """;

  private final List<IncompatibilityCheck> checks;

  public UpgradeIncompatibilities(Optional<ExtensionCatalog> targetExtensions) {
    List<IncompatibilityCheck> all = new ArrayList<>(CATALOG_CHECKS);
    targetExtensions.ifPresent(catalog -> all.add(new ExtensionCheck(catalog)));
    this.checks = List.copyOf(all);
  }

  /** Runs every check that applies to this pair of versions against the connected database. */
  public List<SchemaFinding> find(Connection connection, String database, int sourceMajor, int targetMajor)
      throws SQLException {
    List<SchemaFinding> findings = new ArrayList<>();
    for (IncompatibilityCheck check : checks) {
      if (check.appliesTo(sourceMajor, targetMajor)) {
        findings.addAll(check.findIn(connection, database));
      }
    }
    return findings;
  }

  /** Runs the cluster-wide checks that apply, once, on any database of the cluster. */
  public List<SchemaFinding> findInCluster(Connection connection, int sourceMajor, int targetMajor)
      throws SQLException {
    List<SchemaFinding> findings = new ArrayList<>();
    for (CatalogQueryCheck check : CLUSTER_CHECKS) {
      if (check.appliesTo(sourceMajor, targetMajor)) {
        findings.addAll(check.findIn(connection, null));
      }
    }
    return findings;
  }

  public List<IncompatibilityCheck> checks() {
    return checks;
  }
}
