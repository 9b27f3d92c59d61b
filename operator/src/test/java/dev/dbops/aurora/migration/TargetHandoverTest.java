package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.cluster.ClusterDrift;
import dev.dbops.aurora.cluster.DesiredCluster;
import dev.dbops.aurora.cluster.TagDiff;
import dev.dbops.aurora.migration.AppRouting.ConnectionDetails;
import dev.dbops.aurora.model.ScalingSpec;
import dev.dbops.aurora.model.ServerlessClusterShape;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterSpec;
import dev.dbops.aurora.model.cluster.DeletionPolicy;
import dev.dbops.aurora.model.migration.AdoptionSpec;
import dev.dbops.aurora.model.migration.TargetSpec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TargetHandoverTest {
  static final ConnectionDetails CREATED =
      new ConnectionDetails("orders-v2", "eu-west-1", "orders-v2.cluster-x", "orders-v2.cluster-ro-x", 5432, "15.10");

  /** TargetSpec's own fields (outside the shared shape) that the adopter gets, each checked by a test below. */
  static final Set<String> HANDED_OVER =
      Set.of("clusterIdentifier", "engineVersion", "clusterParameterGroupName", "deletionProtection");
  /**
   * TargetSpec's own fields the adopter does not get, and why. instanceParameterGroupName: a DatabaseCluster
   * has no DB parameter group setting and never changes its instances' group, so the group the upgrade
   * set stays. connection: how the operator reached the target for SQL; a DatabaseCluster runs no SQL.
   */
  static final Set<String> NOT_HANDED_OVER = Set.of("instanceParameterGroupName", "connection");

  @Test
  void handsOverEveryFieldOfTheSharedShape() throws Exception {
    TargetSpec target = target();
    List<Field> shape = shapeFields();
    for (Field field : shape) {
      field.setAccessible(true);
      field.set(target, sampleOf(field));
    }

    DatabaseClusterSpec adopter = TargetHandover.specFor(target, CREATED, new AdoptionSpec());

    for (Field field : shape) {
      assertThat(field.get(adopter)).as("spec.%s of the adopter", field.getName()).isNotNull().isSameAs(field.get(target));
    }
  }

  @Test
  void decidesForEveryFieldOfTheTargetWhetherTheAdopterGetsIt() {
    Set<String> own = Arrays.stream(TargetSpec.class.getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()))
        .map(Field::getName)
        .collect(Collectors.toSet());

    // A new TargetSpec field lands here until it is handed over (or said why not); shared ones need no decision.
    assertThat(own).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(HANDED_OVER.stream(), NOT_HANDED_OVER.stream()).toList());
  }

  @Test
  void adoptsTheClusterTheMigrationCreatedAtItsFinalVersion() {
    AdoptionSpec adoption = new AdoptionSpec();
    adoption.setDeletionPolicy("Snapshot");

    DatabaseClusterSpec adopter = TargetHandover.specFor(target(), CREATED, adoption);

    assertThat(adopter.getClusterIdentifier()).isEqualTo("orders-v2");
    assertThat(adopter.getRegion()).isEqualTo("eu-west-1");
    assertThat(adopter.getEngine()).isEqualTo("aurora-postgresql");
    assertThat(adopter.getEngineVersion()).isEqualTo("15.10");
    assertThat(adopter.isAdoptExisting()).isTrue();
    assertThat(adopter.getDeletionPolicy()).isEqualTo(DeletionPolicy.Snapshot);
  }

  @Test
  void adopterKeepsTheClusterParameterGroupTheMigrationSet() {
    TargetSpec target = target();
    target.setClusterParameterGroupName("orders-pg15");

    DesiredCluster desired = desiredOf(TargetHandover.specFor(target, CREATED, new AdoptionSpec()));

    assertThat(desired.parameterGroupName()).contains("orders-pg15");
    assertThat(ClusterDrift.between(desired, observed("orders-pg15", false, Map.of())).fields()).isEmpty();
  }

  @Test
  void adopterLeavesTheParameterGroupAloneWhenTheMigrationNamedNone() {
    DatabaseClusterSpec adopter = TargetHandover.specFor(target(), CREATED, new AdoptionSpec());

    assertThat(adopter.getParameterGroup()).isNull();
    assertThat(ClusterDrift.between(desiredOf(adopter), observed("default.aurora-postgresql15", false, Map.of()))
        .changes().parameterGroup()).isNull();
  }

  @Test
  void adopterKeepsTheDeletionProtectionTheMigrationSet() {
    TargetSpec target = target();
    target.setDeletionProtection(true);

    DesiredCluster desired = desiredOf(TargetHandover.specFor(target, CREATED, new AdoptionSpec()));

    assertThat(ClusterDrift.between(desired, observed("default.aurora-postgresql15", true, Map.of()))
        .changes().deletionProtection()).isNull();
  }

  @Test
  void adopterManagesTheMigrationsTagsAndRemovesNoOthers() {
    TargetSpec target = target();
    target.setTags(Map.of("team", "orders"));
    Map<String, String> onTheCluster =
        Map.of("team", "orders", MigrationNames.OWNER_TAG, "default/orders", "cost-center", "42");

    DesiredCluster desired = desiredOf(TargetHandover.specFor(target, CREATED, new AdoptionSpec()));
    // A new adopter has managed nothing yet (status.managedTagKeys empty).
    TagDiff diff = TagDiff.between(desired.tags(), onTheCluster, Set.of());

    assertThat(diff.toRemove()).isEmpty();
    assertThat(diff.toAdd()).containsOnlyKeys("aurora.dbops.dev/owner");
    assertThat(TagDiff.managedAfter(desired.tags(), onTheCluster, List.of()))
        .containsExactlyInAnyOrder("team", "aurora.dbops.dev/owner");
  }

  private static TargetSpec target() {
    TargetSpec target = new TargetSpec();
    ScalingSpec scaling = new ScalingSpec();
    scaling.setMinCapacity(0.5);
    scaling.setMaxCapacity(8.0);
    target.setScaling(scaling);
    return target;
  }

  private static List<Field> shapeFields() {
    return Arrays.stream(ServerlessClusterShape.class.getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()))
        .toList();
  }

  /** A fresh value of the field's type, so "handed over" means this very value arrived. */
  private static Object sampleOf(Field field) throws Exception {
    if (Map.class.isAssignableFrom(field.getType())) {
      return Map.of("sample", field.getName());
    }
    if (List.class.isAssignableFrom(field.getType())) {
      return List.of(field.getName());
    }
    if (field.getType() == String.class) {
      return field.getName();
    }
    return field.getType().getDeclaredConstructor().newInstance();
  }

  private static DesiredCluster desiredOf(DatabaseClusterSpec spec) {
    DatabaseCluster cluster = new DatabaseCluster();
    cluster.getMetadata().setName("orders-v2");
    cluster.getMetadata().setNamespace("default");
    cluster.getMetadata().setUid("0f3c9a2e-1111-2222-3333-444455556666");
    cluster.setSpec(spec);
    return DesiredCluster.of(cluster, "us-east-1");
  }

  private static AuroraCluster observed(String parameterGroup, boolean deletionProtection, Map<String, String> tags) {
    return new AuroraCluster("orders-v2", "arn", "available", "aurora-postgresql", "15.10", "provisioned", "h", "r",
        5432, "postgres", "postgres", new Capacity(0.5, 8.0, null), 7, "03:00-03:30", "sun:05:00-sun:05:30",
        deletionProtection, parameterGroup, List.of(), tags, List.of(), true, null, null, "default", List.of(), true);
  }
}
