package dev.dbops.aurora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.ClusterMember;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstancePlanTest {

  static DesiredInstance wanted(String id) {
    return new DesiredInstance(id, null, false, null, null, false);
  }

  static AuroraInstance running(String id, String status) {
    return new AuroraInstance(id, "arn:" + id, "c", "db.serverless", status, 1, false, null, "pg");
  }

  @Test
  void createsMissingAndDeletesExtraReaders() {
    var plan = InstancePlan.between(List.of(wanted("c-1"), wanted("c-2")),
        List.of(running("c-1", "available"), running("c-3", "available")),
        List.of(new ClusterMember("c-1", true, 1), new ClusterMember("c-3", false, 1)));

    assertThat(plan.toCreate()).extracting(DesiredInstance::identifier).containsExactly("c-2");
    assertThat(plan.toDelete()).containsExactly("c-3");
  }

  @Test
  void instanceCreatedAMomentAgoAndNotListedYetIsNotCreatedAgain() {
    var plan = InstancePlan.between(List.of(wanted("c-1"), wanted("c-2")), List.of(running("c-1", "available")),
        List.of(new ClusterMember("c-1", true, 1)), java.util.Set.of("c-2"));

    assertThat(plan.toCreate()).isEmpty();
    assertThat(plan.toDelete()).isEmpty();
  }

  @Test
  void extraWriterWaitsUntilExtraReadersAreGone() {
    var plan = InstancePlan.between(List.of(wanted("c-1")),
        List.of(running("c-1", "available"), running("c-2", "available"), running("c-3", "available")),
        List.of(new ClusterMember("c-3", true, 1), new ClusterMember("c-1", false, 1), new ClusterMember("c-2", false, 1)));

    assertThat(plan.toDelete()).containsExactly("c-2");
  }

  @Test
  void extraWriterIsNeverDeletedBeforeAWantedInstanceIsAvailable() {
    var members = List.of(new ClusterMember("old-1", true, 1));
    var whileCreating = InstancePlan.between(List.of(wanted("c-1")),
        List.of(running("old-1", "available"), running("c-1", "creating")), members);
    var afterwards = InstancePlan.between(List.of(wanted("c-1")),
        List.of(running("old-1", "available"), running("c-1", "available")), members);

    assertThat(whileCreating.toDelete()).isEmpty();
    assertThat(afterwards.toDelete()).containsExactly("old-1");
  }

  @Test
  void promotionTierAndPerformanceInsightsDriftBecomeModifications() {
    var desired = new DesiredInstance("c-1", 0, true, 7, null, false);
    var plan = InstancePlan.between(List.of(desired), List.of(running("c-1", "available")),
        List.of(new ClusterMember("c-1", true, 1)));

    assertThat(plan.toModify()).containsOnlyKeys("c-1");
    var changes = plan.toModify().get("c-1");
    assertThat(changes.promotionTier()).isZero();
    assertThat(changes.performanceInsightsEnabled()).isTrue();
    assertThat(changes.performanceInsightsRetentionDays()).isEqualTo(7);
  }

  @Test
  void tagDiffAddsOwnerAndRemovesOnlyUndeclaredTagsTheOperatorSet() {
    var diff = TagDiff.between(Map.of("team", "pay", OwnerTag.KEY, "apps/orders"),
        Map.of("team", "old", "stale", "x", "cost-center", "42", "aws:cloudformation:stack-name", "s"),
        java.util.Set.of("team", "stale", "aws:cloudformation:stack-name"));

    assertThat(diff.toAdd()).containsOnly(Map.entry("team", "pay"), Map.entry(OwnerTag.KEY, "apps/orders"));
    assertThat(diff.toRemove()).containsExactly("stale");
  }
}
