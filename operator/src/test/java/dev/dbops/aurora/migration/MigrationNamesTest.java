package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.testing.MigrationResources;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationNamesTest {

  @Test
  void namesOfSourcesShortEnoughTodayAreUnchanged() {
    MigrationNames names = MigrationNames.of(MigrationResources.migrationOf("orders-v1", null));

    // Running migrations hold these in status; a changed snapshot name would mean a second snapshot.
    assertThat(names.sourceSnapshot()).isEqualTo("orders-v1-premigration-6f1c2d3e");
    assertThat(names.targetCluster()).isEqualTo("orders-v1-v2");
    assertThat(names.targetInstance(0)).isEqualTo("orders-v1-v2-1");
    assertThat(names.targetUpgradeWriter()).isEqualTo("orders-v1-v2-upgrade");
  }

  @Test
  void everyDerivedNameFitsRdsRulesForTheLongestIdentifiersTheCrdAccepts() {
    MigrationNames fromSource = MigrationNames.of(MigrationResources.migrationOf("orders-" + "x".repeat(56), null));
    MigrationNames toTarget = MigrationNames.of(MigrationResources.migrationOf("orders-v1", "orders-" + "y".repeat(53)));

    for (MigrationNames names : List.of(fromSource, toTarget)) {
      assertThat(List.of(names.sourceSnapshot(), names.targetCluster(), names.targetInstance(0),
              names.targetInstance(15), names.targetUpgradeWriter()))
          .allSatisfy(name -> assertThat(RdsIdentifier.isValid(name)).as(name).isTrue());
    }
    assertThat(fromSource.sourceSnapshot()).startsWith("orders-xxx").endsWith("-premigration-6f1c2d3e").hasSize(63);
    assertThat(toTarget.targetUpgradeWriter()).startsWith("orders-yyy").endsWith("-upgrade");
  }

  @Test
  void carriedParameterGroupNamesAreDeterministicValidAndWithinRdsLimit() {
    MigrationNames names = MigrationNames.of(MigrationResources.migrationOf("orders-v1", "orders-" + "y".repeat(56)));

    String name = names.carriedParameterGroup("aurora-postgresql15");
    assertThat(name).isEqualTo("orders-" + "y".repeat(56) + "-aurora-postgresql15-6f1c2d3e")
        .isEqualTo(MigrationNames.of(MigrationResources.migrationOf("orders-v1", "orders-" + "y".repeat(56)))
            .carriedParameterGroup("aurora-postgresql15"));
    // RDS: 1–255 letters, digits or hyphens, a letter first, no "--", no trailing hyphen.
    assertThat(name).hasSizeLessThanOrEqualTo(255).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    assertThat(names.carriedParameterGroup("aurora-postgresql14")).isNotEqualTo(name);
  }

  @Test
  void shortenedNamesOfBasesSharingAPrefixDiffer() {
    String common = "orders-" + "x".repeat(50);

    assertThat(RdsIdentifier.derive(common + "-a", "-upgrade"))
        .isNotEqualTo(RdsIdentifier.derive(common + "-b", "-upgrade"));
  }

  @Test
  void aCutAtAHyphenLeavesNoDoubleHyphen() {
    // 34 characters are kept before the hash for this suffix; the 34th is a hyphen.
    String base = "a".repeat(33) + "-" + "b".repeat(29);

    String name = RdsIdentifier.derive(base, "-premigration-6f1c2d3e");

    assertThat(name).doesNotContain("--").startsWith("a".repeat(33) + "-").hasSizeLessThanOrEqualTo(63);
    assertThat(RdsIdentifier.isValid(name)).isTrue();
  }

  @Test
  void derivedNamesAreLowerCaseAsRdsStoresThem() {
    assertThat(RdsIdentifier.derive("Orders-V1", "-v2")).isEqualTo("orders-v1-v2");
  }

}
