package dev.dbops.aurora.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.UpgradeTarget;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpgradePathFinderTest {

  private final BuiltInUpgradeTargets table = new BuiltInUpgradeTargets();
  private final List<String> asked = new ArrayList<>();

  /**
   * A ClusterApi that only answers validUpgradeTargets, from a map, as moto would not; a proxy so the
   * test does not break whenever ClusterApi grows a method.
   */
  private ClusterApi api(Map<String, List<String>> answers, AwsErrorKind failure) {
    return (ClusterApi) Proxy.newProxyInstance(ClusterApi.class.getClassLoader(), new Class<?>[] {ClusterApi.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("validUpgradeTargets")) {
            throw new UnsupportedOperationException(method.getName());
          }
          asked.add((String) args[1]);
          if (failure != null) {
            throw new AwsException(failure, "Failure", "DescribeDBEngineVersions failed");
          }
          return answers.getOrDefault((String) args[1], List.of()).stream()
              .map(v -> new UpgradeTarget(v, !v.split("\\.")[0].equals(((String) args[1]).split("\\.")[0])))
              .toList();
        });
  }

  private UpgradePathFinder withoutApi() {
    return new UpgradePathFinder(api(Map.of(), AwsErrorKind.UNSUPPORTED), table);
  }

  @Test
  void thirteenReachesFifteenDirectlyWhenTheTableSaysSo() {
    String fifteen = table.targetsOf("13.12").stream().filter(v -> v.startsWith("15.")).findFirst().orElseThrow();

    UpgradePath path = withoutApi().find("13.12", fifteen);

    assertThat(path.versions()).containsExactly("13.12", fifteen);
    assertThat(path.hops()).containsExactly(fifteen);
  }

  @Test
  void elevenTakesSeveralHopsEachValidPerTable() {
    UpgradePath path = withoutApi().toDefaultTarget("11.9");

    assertThat(path.source()).isEqualTo("11.9");
    assertThat(path.target()).isEqualTo(table.newestOfMajor(15));
    assertThat(path.hops()).hasSizeGreaterThan(1);
    for (int i = 1; i < path.versions().size(); i++) {
      assertThat(table.targetsOf(path.versions().get(i - 1))).contains(path.versions().get(i));
    }
    // No direct hop exists in the table, or the path would have taken it.
    assertThat(table.targetsOf("11.9")).doesNotContain(path.target());
  }

  @Test
  void prefersFewestHopsThenNewestVersions() {
    // Two two-hop routes and one three-hop route; the newer first hop wins among the short ones.
    var finder = new UpgradePathFinder(api(Map.of(
        "13.9", List.of("13.10", "14.6", "14.9"),
        "13.10", List.of("13.11"),
        "13.11", List.of("15.6"),
        "14.6", List.of("15.6"),
        "14.9", List.of("15.6")), null), table);

    assertThat(finder.find("13.9", "15.6").versions()).containsExactly("13.9", "14.9", "15.6");
  }

  @Test
  void apiAnswerPreferredOverTable() {
    // The table's 13.12 row does not list 15.8; the API does, so the path goes there directly.
    assertThat(table.targetsOf("13.12")).doesNotContain("15.8");
    var finder = new UpgradePathFinder(api(Map.of("13.12", List.of("14.12", "15.8")), null), table);

    assertThat(finder.find("13.12", "15.8").versions()).containsExactly("13.12", "15.8");
    assertThat(asked).containsExactly("13.12");
  }

  @Test
  void unknownVersionGivesClearError() {
    assertThatThrownBy(() -> withoutApi().find("12.99", "15.4"))
        .isInstanceOf(NoUpgradePathException.class)
        .hasMessageContaining("12.99")
        .hasMessageContaining("not in the built-in table");
  }

  @Test
  void refusesDowngrades() {
    assertThatThrownBy(() -> withoutApi().find("15.4", "13.12"))
        .isInstanceOf(NoUpgradePathException.class)
        .hasMessageContaining("downgrade");
  }

  @Test
  void alreadyAtTargetNeedsNoHop() {
    assertThat(withoutApi().find("15.4", "15.4").hops()).isEmpty();
  }

  @Test
  void apiFailuresOtherThanUnsupportedAreNotMaskedByTheTable() {
    var finder = new UpgradePathFinder(api(Map.of(), AwsErrorKind.RETRYABLE), table);

    assertThatThrownBy(() -> finder.find("13.12", "15.4"))
        .isInstanceOf(AwsException.class)
        .satisfies(e -> assertThat(((AwsException) e).kind()).isEqualTo(AwsErrorKind.RETRYABLE));
  }

  @Test
  void numericVersionOrderNotStringOrder() {
    assertThat(EngineVersion.parse("13.12")).isGreaterThan(EngineVersion.parse("13.9"));
    assertThat(table.newestOfMajor(15)).isNotEqualTo("15.8").isNotEqualTo("15.2");
  }

  @Test
  void parameterGroupFamilyFollowsTheMajorVersion() {
    assertThat(ParameterGroupFamily.of("15.4").name()).isEqualTo("aurora-postgresql15");
    assertThat(ParameterGroupFamily.of("11.9").name()).isEqualTo("aurora-postgresql11");
    assertThat(ParameterGroupFamily.of("13.12").defaultGroupName()).isEqualTo("default.aurora-postgresql13");
    assertThatThrownBy(() -> ParameterGroupFamily.of("fifteen")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pathTellsTheHopAfterTheCurrentVersion() {
    UpgradePath path = new UpgradePath(List.of("11.9", "11.21", "15.4"));

    assertThat(path.nextAfter("11.9")).contains("11.21");
    assertThat(path.nextAfter("11.21")).contains("15.4");
    assertThat(path.nextAfter("15.4")).isEmpty();
    assertThat(path.nextAfter("12.1")).isEmpty();
    assertThat(UpgradePath.isMajorUpgrade("11.9", "11.21")).isFalse();
    assertThat(UpgradePath.isMajorUpgrade("11.21", "15.4")).isTrue();
  }
}
