package dev.dbops.aurora.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.aurora.cluster.OwnerTag;
import dev.dbops.aurora.iam.PolicyEvaluator.Check;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterSpec;
import dev.dbops.aurora.monitoring.MonitoringNames;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's IAM policies (iam/*-policy.json, read as one) against the code: every AWS call the SDK layer makes is granted and
 * nothing else is; every RDS write is gated by a tag the operator sets (or the user's opt-in tag on a
 * migration source); CloudWatch and Route53 writes stay under the operator's names; docs/iam.md lists
 * every statement. The scenario tests replay the operator's calls, one authorization per resource as RDS
 * makes them, through {@link PolicyEvaluator}.
 */
class IamPolicyTest {
  /** Two managed policies, because one would exceed IAM's size quota; together they are the grant. */
  private static final List<Path> POLICIES = List.of(
      Path.of("../iam/aurora-operator-rds-policy.json"), Path.of("../iam/aurora-operator-services-policy.json"));
  /** IAM quota: a managed policy document has at most 6,144 characters, whitespace not counted. */
  private static final int MANAGED_POLICY_MAX_CHARS = 6144;
  private static final Path DOC = Path.of("../docs/iam.md");
  private static final Path MAIN = Path.of("src/main/java/dev/dbops/aurora");
  private static final Path SDK = MAIN.resolve("aws/sdk");

  private static final String OWNER = OwnerTag.KEY;
  private static final String MIGRATION = MigrationNames.OWNER_TAG;
  /** Set by a person on a migration source (cluster and instances) to let the migration stop or delete it. */
  private static final String SOURCE_OPT_IN = "aurora.dbops.dev/migration-source";

  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final String ZONE = "Z0123456789EXAMPLE";

  /** IAM action → where the operator calls it. Derived from aws/sdk/*.java; kept equal to it by a test. */
  static final Map<String, String> CALLED = new TreeMap<>(Map.ofEntries(
      Map.entry("rds:DescribeDBClusters", "ClusterInventory: the shared listing and targeted re-reads"),
      Map.entry("rds:DescribeDBInstances", "ClusterInventory"),
      Map.entry("rds:DescribeDBClusterSnapshots", "SdkClusterApi.findSnapshot"),
      Map.entry("rds:DescribeDBClusterParameterGroups", "SdkClusterApi.clusterParameterGroupFamily"),
      Map.entry("rds:DescribeDBParameterGroups", "SdkClusterApi.instanceParameterGroupFamily"),
      Map.entry("rds:DescribeDBEngineVersions", "SdkClusterApi.validUpgradeTargets, serverlessV2Limits"),
      Map.entry("rds:DescribeDBClusterParameters", "SdkClusterApi.userClusterParameters"),
      Map.entry("rds:DescribeEngineDefaultClusterParameters", "SdkClusterApi.clusterParameterNames"),
      Map.entry("rds:DescribeDBProxies", "SdkClusterApi.proxiesTargeting (Blue/Green readiness)"),
      Map.entry("rds:DescribeDBProxyTargets", "SdkClusterApi.proxiesTargeting (Blue/Green readiness)"),
      Map.entry("rds:CreateDBCluster", "SdkClusterApi.createCluster"),
      Map.entry("rds:RestoreDBClusterFromSnapshot", "SdkClusterApi.restoreFromSnapshot"),
      Map.entry("rds:ModifyDBCluster", "SdkClusterApi.modifyCluster; convertToProvisioned (not granted on a source yet, docs/iam.md)"),
      Map.entry("rds:RebootDBInstance", "SdkClusterApi.rebootInstance (Blue/Green source writer)"),
      Map.entry("rds:CreateBlueGreenDeployment", "SdkClusterApi.createBlueGreenDeployment"),
      Map.entry("rds:DescribeBlueGreenDeployments", "SdkClusterApi.findBlueGreenDeployment, blueGreenDeploymentsOfSource"),
      Map.entry("rds:SwitchoverBlueGreenDeployment", "SdkClusterApi.switchoverBlueGreenDeployment"),
      Map.entry("rds:DeleteBlueGreenDeployment", "SdkClusterApi.deleteBlueGreenDeployment"),
      Map.entry("rds:DeleteDBCluster", "SdkClusterApi.deleteCluster"),
      Map.entry("rds:StopDBCluster", "SdkClusterApi.stopCluster (RetireSource)"),
      Map.entry("rds:CreateDBInstance", "SdkClusterApi.createInstance"),
      Map.entry("rds:ModifyDBInstance", "SdkClusterApi.modifyInstance"),
      Map.entry("rds:DeleteDBInstance", "SdkClusterApi.deleteInstance"),
      Map.entry("rds:CreateDBClusterSnapshot", "SdkClusterApi.createSnapshot; DeleteDBCluster's final snapshot"),
      Map.entry("rds:AddTagsToResource", "SdkClusterApi.addTags; RDS also checks it for tags passed at creation"),
      Map.entry("rds:RemoveTagsFromResource", "SdkClusterApi.removeTags"),
      Map.entry("rds:CreateDBClusterParameterGroup", "SdkClusterApi.putClusterParameterGroup"),
      Map.entry("rds:ModifyDBClusterParameterGroup", "SdkClusterApi.putClusterParameterGroup"),
      Map.entry("rds:DeleteDBClusterParameterGroup", "SdkClusterApi.deleteClusterParameterGroup (Rollback)"),
      Map.entry("cloudwatch:PutMetricAlarm", "SdkMonitoringApi.putAlarm"),
      Map.entry("cloudwatch:DeleteAlarms", "SdkMonitoringApi.deleteAlarms"),
      Map.entry("cloudwatch:DescribeAlarms", "SdkMonitoringApi.describeAlarms"),
      Map.entry("cloudwatch:PutDashboard", "SdkMonitoringApi.putDashboard"),
      Map.entry("cloudwatch:DeleteDashboards", "SdkMonitoringApi.deleteDashboard"),
      Map.entry("cloudwatch:GetMetricData", "SdkMonitoringApi.capacityDatapoints"),
      Map.entry("route53:ChangeResourceRecordSets", "SdkDnsApi.upsertCname"),
      Map.entry("route53:ListResourceRecordSets", "SdkDnsApi.findCname")));

  /**
   * In the SDK layer but called by nothing in the operator, so deliberately not granted. The method names
   * are the ClusterApi methods that wrap them; a test fails as soon as something outside aws/ calls one.
   */
  static final Map<String, String> WRAPPED_BUT_NEVER_CALLED = Map.of(
      "rds:StartDBCluster", "startCluster",
      "rds:DeleteDBClusterSnapshot", "deleteSnapshot");

  /** Authorized with the operator's credentials when AWS acts for it (service authorization reference). */
  static final Map<String, String> ON_THE_OPERATORS_BEHALF = Map.of(
      "cloudwatch:TagResource", "PutMetricAlarm with Tags",
      "kms:DescribeKey", "RDS and Secrets Manager with a customer-managed key",
      "kms:Decrypt", "same",
      "kms:GenerateDataKey", "same",
      "kms:CreateGrant", "RDS encrypting a cluster with a customer-managed key",
      "secretsmanager:CreateSecret", "ManageMasterUserPassword",
      "secretsmanager:TagResource", "ManageMasterUserPassword");

  /**
   * The RDS resource type each write changes (or creates), from the service authorization reference
   * ("Actions defined by Amazon RDS"). The policy must gate every write on this type with a tag condition.
   * A write the policy grants that is missing here fails the test: add it with the type it changes.
   */
  static final Map<String, String> RDS_WRITES = Map.ofEntries(
      Map.entry("CreateDBCluster", "cluster"),
      Map.entry("RestoreDBClusterFromSnapshot", "cluster"),
      Map.entry("CreateDBInstance", "db"),
      Map.entry("CreateDBClusterParameterGroup", "cluster-pg"),
      // Also authorized on the source cluster, which is gated by the opt-in tag in its own statement.
      Map.entry("CreateBlueGreenDeployment", "deployment"),
      Map.entry("SwitchoverBlueGreenDeployment", "deployment"),
      Map.entry("DeleteBlueGreenDeployment", "deployment"),
      // Required types: the cluster and the new snapshot. Gated on the cluster, because DeleteDBCluster's
      // final snapshot is authorized as CreateDBClusterSnapshot on an untagged new snapshot too.
      Map.entry("CreateDBClusterSnapshot", "cluster"),
      Map.entry("ModifyDBCluster", "cluster"),
      Map.entry("ModifyDBInstance", "db"),
      Map.entry("ModifyDBClusterParameterGroup", "cluster-pg"),
      Map.entry("DeleteDBClusterParameterGroup", "cluster-pg"),
      Map.entry("DeleteDBCluster", "cluster"),
      Map.entry("DeleteDBInstance", "db"),
      Map.entry("DeleteDBClusterSnapshot", "cluster-snapshot"),
      Map.entry("StopDBCluster", "cluster"),
      Map.entry("StartDBCluster", "cluster"),
      Map.entry("RebootDBInstance", "db"),
      Map.entry("FailoverDBCluster", "cluster"),
      Map.entry("PromoteReadReplicaDBCluster", "cluster"),
      Map.entry("AddTagsToResource", "*"),
      Map.entry("RemoveTagsFromResource", "*"));

  /** Creates, gated by a tag in the request on the type they create. */
  static final Set<String> RDS_CREATES = Set.of(
      "CreateDBCluster", "RestoreDBClusterFromSnapshot", "CreateDBInstance", "CreateDBClusterParameterGroup",
      "CreateBlueGreenDeployment");

  private static final ObjectMapper JSON = new ObjectMapper();

  // ---------------------------------------------------------------- the policy file itself

  @Test
  void isAnIdentityPolicyOfAllowStatementsWithNamedSids() throws IOException {
    JsonNode policy = policy();
    assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
    Set<String> sids = new LinkedHashSet<>();
    for (JsonNode s : policy.get("Statement")) {
      String sid = s.path("Sid").asText();
      assertThat(sid).as("every statement has a Sid of letters and digits").matches("[A-Za-z0-9]+");
      assertThat(sids.add(sid)).as("Sid %s is unique", sid).isTrue();
      assertThat(s.path("Effect").asText()).as("%s: only Allow; a Deny here would need its own tests", sid)
          .isEqualTo("Allow");
      assertThat(fieldNames(s)).as("%s: no NotAction, NotResource or Principal", sid)
          .isSubsetOf("Sid", "Effect", "Action", "Resource", "Condition");
      assertThat(s.has("Action") && s.has("Resource")).as("%s names actions and resources", sid).isTrue();
    }
  }

  @Test
  void grantsNoWildcardAction() throws IOException {
    for (JsonNode s : policy().get("Statement")) {
      for (String action : PolicyEvaluator.strings(s.get("Action"))) {
        assertThat(action).as("%s grants %s", sid(s), action).doesNotContain("*").doesNotContain("?")
            .matches("[a-z0-9-]+:[A-Za-z0-9]+");
      }
    }
  }

  // ---------------------------------------------------------------- the policy against the code

  @Test
  void everyAwsCallInTheSdkLayerIsListedHere() throws IOException {
    Map<String, Set<String>> found = sdkCalls();
    Set<String> listed = new TreeSet<>(CALLED.keySet());
    listed.addAll(WRAPPED_BUT_NEVER_CALLED.keySet());
    // AddTagsToResource and CreateDBClusterSnapshot are called directly too; nothing else is implicit.
    assertThat(found.keySet())
        .as("IAM actions of the client calls in %s (file by action: %s); list a new one in CALLED with its caller"
            + " and grant it in the policy", SDK, found)
        .isEqualTo(listed);
  }

  @Test
  void grantsEveryActionTheOperatorCalls() throws IOException {
    Set<String> granted = grantedActions();
    for (String action : CALLED.keySet()) {
      assertThat(granted).as("%s (%s) is granted by some statement", action, CALLED.get(action)).contains(action);
    }
  }

  @Test
  void grantsNothingTheOperatorDoesNotCall() throws IOException {
    Set<String> needed = new TreeSet<>(CALLED.keySet());
    needed.addAll(ON_THE_OPERATORS_BEHALF.keySet());
    assertThat(grantedActions()).as("granted actions that no code path needs").isSubsetOf(needed);
    assertThat(grantedActions()).doesNotContainAnyElementsOf(WRAPPED_BUT_NEVER_CALLED.keySet());
  }

  @Test
  void wrappedButUngrantedCallsStayUncalled() throws IOException {
    List<Path> callers;
    try (Stream<Path> files = Files.walk(MAIN)) {
      callers = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.startsWith(MAIN.resolve("aws")))
          .toList();
    }
    for (Map.Entry<String, String> e : WRAPPED_BUT_NEVER_CALLED.entrySet()) {
      Pattern call = Pattern.compile("\\." + e.getValue() + "\\(");
      for (Path file : callers) {
        assertThat(call.matcher(Files.readString(file)).find())
            .as("%s calls ClusterApi.%s, which needs %s: grant it in iam/aurora-operator-rds-policy.json (only on"
                + " resources carrying an operator tag), move it to CALLED, and describe it in docs/iam.md",
                file, e.getValue(), e.getKey())
            .isFalse();
      }
    }
  }

  @Test
  void gatesEveryRdsWriteOnAnOperatorTag() throws IOException {
    for (JsonNode s : policy().get("Statement")) {
      for (String action : PolicyEvaluator.strings(s.get("Action"))) {
        if (!action.startsWith("rds:")) {
          continue;
        }
        String name = action.substring(4);
        if (name.startsWith("Describe") || name.startsWith("List")) {
          continue;
        }
        assertThat(RDS_WRITES).as("%s grants %s: add it to RDS_WRITES with the resource type it changes",
            sid(s), action).containsKey(name);
        String type = RDS_WRITES.get(name);
        boolean onGatedType = PolicyEvaluator.strings(s.get("Resource")).stream().anyMatch(r -> mayNameType(r, type));
        if (!onGatedType) {
          continue; // e.g. ModifyDBCluster on the parameter group it names: the cluster is gated elsewhere
        }
        Set<String> gates = tagGates(s);
        assertThat(gates).as("%s grants %s on %s resources without requiring an operator tag", sid(s), action, type)
            .isNotEmpty();
        if (RDS_CREATES.contains(name)) {
          assertThat(gates).as("%s: %s must require an operator tag in the request (aws:RequestTag/aws:TagKeys)",
              sid(s), action).anyMatch(g -> g.startsWith("request:"));
        } else if (!name.equals("AddTagsToResource") && !name.equals("CreateDBClusterSnapshot")) {
          assertThat(gates).as("%s: %s must require an operator tag on the resource (aws:ResourceTag)", sid(s), action)
              .anyMatch(g -> g.startsWith("resource:"));
        }
      }
    }
  }

  @Test
  void neverLetsTheOperatorWriteTheMigrationSourceOptInTag() throws IOException {
    for (JsonNode s : policy().get("Statement")) {
      List<String> actions = PolicyEvaluator.strings(s.get("Action"));
      boolean writesTags = actions.contains("rds:AddTagsToResource") || actions.contains("rds:RemoveTagsFromResource")
          || actions.stream().anyMatch(a -> RDS_CREATES.contains(a.replace("rds:", "")))
          || actions.contains("rds:CreateDBClusterSnapshot");
      boolean onlyInheritedTags = "false".equals(
          s.path("Condition").path("Bool").path("rds:TagsFromRequest").asText(null));
      boolean onlyFinalSnapshots = PolicyEvaluator.strings(s.get("Resource")).stream().allMatch(IamPolicyTest::isFinalSnapshotPattern);
      boolean onlyOnOptedInSources = !s.path("Condition").path("Null").path("aws:ResourceTag/" + SOURCE_OPT_IN).isMissingNode();
      if (!writesTags || onlyInheritedTags || onlyFinalSnapshots || onlyOnOptedInSources) {
        continue;
      }
      if (!actions.contains("rds:AddTagsToResource") && !actions.contains("rds:RemoveTagsFromResource")
          && tagGates(s).stream().noneMatch(g -> g.startsWith("request:"))) {
        continue; // a write gated on the resource's tags passes no tags
      }
      assertThat(PolicyEvaluator.strings(s.path("Condition").path("ForAllValues:StringNotEquals").get("aws:TagKeys")))
          .as("%s lets tags be written: it must refuse the key %s (ForAllValues:StringNotEquals aws:TagKeys)",
              sid(s), SOURCE_OPT_IN)
          .contains(SOURCE_OPT_IN);
    }
  }

  @Test
  void cloudWatchWritesStayUnderTheOperatorsNames() throws IOException {
    MonitoringNames cluster = new MonitoringNames("shop", "orders");
    MonitoringNames migration = MonitoringNames.forMigration("shop", "orders");
    List<String> alarms = List.of(cluster.alarm("capacity"), migration.alarm("cpu"));
    List<String> dashboards = List.of(cluster.dashboard(), migration.dashboard(),
        MonitoringNames.fleetDashboard("shop", REGION));
    PolicyEvaluator policy = evaluator();
    Map<String, String> ownerTag = Map.of(OWNER, "shop/orders");
    for (String alarm : alarms) {
      assertAllowed(policy, Check.of("cloudwatch:PutMetricAlarm", alarmArn(alarm)).requestTags(ownerTag));
      assertAllowed(policy, Check.of("cloudwatch:TagResource", alarmArn(alarm)).requestTags(ownerTag));
      assertAllowed(policy, Check.of("cloudwatch:DeleteAlarms", alarmArn(alarm)));
    }
    for (String dashboard : dashboards) {
      assertAllowed(policy, Check.of("cloudwatch:PutDashboard", dashboardArn(dashboard)));
      assertAllowed(policy, Check.of("cloudwatch:DeleteDashboards", dashboardArn(dashboard)));
    }
    assertDenied(policy, Check.of("cloudwatch:PutMetricAlarm", alarmArn("billing-5xx")).requestTags(ownerTag));
    assertDenied(policy, Check.of("cloudwatch:PutMetricAlarm", alarmArn(alarms.get(0))));
    assertDenied(policy, Check.of("cloudwatch:DeleteAlarms", alarmArn("billing-5xx")));
    assertDenied(policy, Check.of("cloudwatch:PutDashboard", dashboardArn("prod-overview")));
    assertDenied(policy, Check.of("cloudwatch:DeleteDashboards", dashboardArn("prod-overview")));
    for (JsonNode s : policy().get("Statement")) {
      boolean writes = PolicyEvaluator.strings(s.get("Action")).stream()
          .anyMatch(a -> a.startsWith("cloudwatch:") && !a.startsWith("cloudwatch:Describe") && !a.startsWith("cloudwatch:Get"));
      if (writes) {
        assertThat(PolicyEvaluator.strings(s.get("Resource")))
            .as("%s: CloudWatch writes only under the operator's name prefix", sid(s))
            .allMatch(r -> r.contains(":alarm:aurora-operator/") || r.contains(":dashboard/aurora-operator"));
      }
    }
  }

  @Test
  void route53OnlyUpsertsACnameInTheNamedZone() throws IOException {
    PolicyEvaluator policy = evaluator();
    String zone = "arn:aws:route53:::hostedzone/" + ZONE;
    assertAllowed(policy, route53Change(zone, List.of("UPSERT"), List.of("CNAME")));
    assertAllowed(policy, Check.of("route53:ListResourceRecordSets", zone));
    assertDenied(policy, route53Change(zone, List.of("DELETE"), List.of("CNAME")));
    assertDenied(policy, route53Change(zone, List.of("UPSERT", "CREATE"), List.of("CNAME")));
    assertDenied(policy, route53Change(zone, List.of("UPSERT"), List.of("A")));
    assertDenied(policy, route53Change("arn:aws:route53:::hostedzone/ZOTHERZONE", List.of("UPSERT"), List.of("CNAME")));
  }

  @Test
  void finalSnapshotPatternsMatchTheNamesTheOperatorGives() throws Exception {
    MigrationNames names = new MigrationNames("orders-v1", "orders-v2", "abcd1234", "shop/orders");
    DatabaseCluster resource = new DatabaseCluster();
    resource.getMetadata().setNamespace("shop");
    resource.getMetadata().setName("orders");
    resource.getMetadata().setUid("0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9");
    DatabaseClusterSpec spec = new DatabaseClusterSpec();
    spec.setClusterIdentifier("orders-prod");
    resource.setSpec(spec);
    Method of = Class.forName("dev.dbops.aurora.cluster.FinalSnapshotName").getDeclaredMethod("of", DatabaseCluster.class);
    of.setAccessible(true);
    List<String> finalSnapshots = List.of(names.sourceFinalSnapshot(), names.targetFinalSnapshot(), (String) of.invoke(null, resource));
    List<String> patterns = new ArrayList<>();
    for (JsonNode s : policy().get("Statement")) {
      PolicyEvaluator.strings(s.get("Resource")).stream().filter(IamPolicyTest::isFinalSnapshotPattern).forEach(patterns::add);
    }
    assertThat(patterns).as("statements scoped to final snapshot names").isNotEmpty();
    for (String pattern : patterns) {
      String name = pattern.substring(pattern.lastIndexOf(':') + 1);
      assertThat(finalSnapshots).as("%s names a final snapshot the operator writes", pattern)
          .anyMatch(n -> PolicyEvaluator.glob(name, false).matcher(n).matches());
    }
    for (String snapshot : finalSnapshots) {
      assertThat(patterns).as("final snapshot %s is covered", snapshot)
          .anyMatch(p -> PolicyEvaluator.glob(p.substring(p.lastIndexOf(':') + 1), false).matcher(snapshot).matches());
    }
    assertThat(names.sourceSnapshot()).as("the pre-migration snapshot is not a final snapshot: it needs the migration tag")
        .doesNotMatch(".*-(final|rollback)-.*");
  }

  @Test
  void eachPolicyFitsIamsManagedPolicySizeWithRealValuesInItsPlaceholders() throws IOException {
    for (Path policy : POLICIES) {
      // A hosted zone id is at most 32 characters; the sample ZONE is shorter, so the check uses the longest.
      String filled = substituted(policy).replace(ZONE, "Z" + "0".repeat(31));
      assertThat(filled.replaceAll("\\s", "").length())
          .as("%s without whitespace: IAM refuses a managed policy over %d characters; split it", policy,
              MANAGED_POLICY_MAX_CHARS)
          .isLessThanOrEqualTo(MANAGED_POLICY_MAX_CHARS);
    }
  }

  @Test
  void statementIdsAreUniqueAcrossThePolicies() throws IOException {
    List<String> sids = new ArrayList<>();
    policy().get("Statement").forEach(s -> sids.add(sid(s)));
    assertThat(sids).doesNotHaveDuplicates();
  }

  @Test
  void docsListEveryStatement() throws IOException {
    Set<String> sids = new TreeSet<>();
    policy().get("Statement").forEach(s -> sids.add(sid(s)));
    String doc = Files.readString(DOC);
    int start = doc.indexOf("## Statements");
    assertThat(start).as("docs/iam.md has a '## Statements' section").isNotNegative();
    int end = doc.indexOf("\n## ", start + 1);
    String section = end < 0 ? doc.substring(start) : doc.substring(start, end);
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z0-9]+)` \\|").matcher(section);
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(documented).as("Sids in the table of docs/iam.md ('## Statements') vs the policy").isEqualTo(sids);
  }

  // ---------------------------------------------------------------- the operator's calls, replayed

  @Test
  void createsADatabaseClustersClusterInstancesAndParameterGroup() throws IOException {
    PolicyEvaluator policy = evaluator();
    Map<String, String> tags = Map.of(OWNER, "shop/orders", "team", "checkout");
    assertAllowed(policy, createCluster("orders-prod", "orders-prod-aurora-postgresql15", tags));
    assertAllowed(policy, restoreCluster("orders-prod", "user-snapshot-2026", tags));
    assertAllowed(policy, createInstance("orders-prod-1", "orders-prod", tags));
    assertAllowed(policy, List.of(
        Check.of("rds:CreateDBClusterParameterGroup", rds("cluster-pg", "orders-prod-aurora-postgresql15"))
            .requestTags(Map.of(OWNER, "shop/orders")),
        Check.of("rds:AddTagsToResource", rds("cluster-pg", "orders-prod-aurora-postgresql15"))
            .requestTags(Map.of(OWNER, "shop/orders"))));
    assertAllowed(policy, Check.of("rds:ModifyDBClusterParameterGroup", rds("cluster-pg", "orders-prod-aurora-postgresql15"))
        .resourceTags(Map.of(OWNER, "shop/orders")));
  }

  @Test
  void refusesToCreateWithoutAnOperatorTag() throws IOException {
    PolicyEvaluator policy = evaluator();
    assertDenied(policy, createCluster("orders-prod", "default.aurora-postgresql15", Map.of("team", "checkout")));
    assertDenied(policy, createCluster("orders-prod", "default.aurora-postgresql15", Map.of()));
    assertDenied(policy, createInstance("orders-prod-3", "orders-prod", Map.of()));
    assertDenied(policy, Check.of("rds:ModifyDBClusterParameterGroup", rds("cluster-pg", "orders-prod-aurora-postgresql15")));
  }

  @Test
  void snapshotsASourceItDoesNotOwnOnlyAsATaggedMigrationSnapshot() throws IOException {
    PolicyEvaluator policy = evaluator();
    MigrationNames names = new MigrationNames("orders-v1", "orders-v2", "abcd1234", "shop/orders");
    Map<String, String> tags = Map.of(MIGRATION, "shop/orders");
    assertAllowed(policy, List.of(
        Check.of("rds:CreateDBClusterSnapshot", rds("cluster", "orders-v1")).requestTags(tags),
        Check.of("rds:CreateDBClusterSnapshot", rds("cluster-snapshot", names.sourceSnapshot())).requestTags(tags),
        Check.of("rds:AddTagsToResource", rds("cluster-snapshot", names.sourceSnapshot())).requestTags(tags)));
    assertDenied(policy, Check.of("rds:CreateDBClusterSnapshot", rds("cluster", "orders-v1")));
  }

  @Test
  void restoresUpgradesAndRollsBackTheMigrationTarget() throws IOException {
    PolicyEvaluator policy = evaluator();
    MigrationNames names = new MigrationNames("orders-v1", "orders-v2", "abcd1234", "shop/orders");
    Map<String, String> tags = Map.of(MIGRATION, "shop/orders");
    assertAllowed(policy, restoreCluster("orders-v2", names.sourceSnapshot(), tags));
    assertAllowed(policy, createInstance(names.targetInstance(0), "orders-v2", tags));
    // The major upgrade names the new family's default groups, which nobody tags.
    assertAllowed(policy, List.of(
        Check.of("rds:ModifyDBCluster", rds("cluster", "orders-v2")).resourceTags(tags),
        Check.of("rds:ModifyDBCluster", rds("cluster-pg", "default.aurora-postgresql15")),
        Check.of("rds:ModifyDBCluster", rds("pg", "default.aurora-postgresql15"))));
    assertAllowed(policy, Check.of("rds:DeleteDBInstance", rds("db", "orders-v2-upgrade")).resourceTags(tags));
    assertAllowed(policy, deleteClusterWithFinalSnapshot("orders-v2", names.targetFinalSnapshot(), tags));
  }

  @Test
  void carriesTheSourcesParameterGroupOnlyIntoGroupsTaggedAndNamedForTheMigration() throws IOException {
    PolicyEvaluator policy = evaluator();
    MigrationNames names = new MigrationNames("orders-v1", "orders-v2", "abcd1234", "shop/orders");
    Map<String, String> tags = Map.of(MIGRATION, "shop/orders");
    String carried = names.carriedParameterGroup("aurora-postgresql15");
    assertAllowed(policy, List.of(
        Check.of("rds:DescribeDBClusterParameters", rds("cluster-pg", "orders-pg13")),
        Check.of("rds:DescribeEngineDefaultClusterParameters", "*")));
    assertAllowed(policy, List.of(
        Check.of("rds:CreateDBClusterParameterGroup", rds("cluster-pg", carried)).requestTags(tags),
        Check.of("rds:AddTagsToResource", rds("cluster-pg", carried)).requestTags(tags)));
    assertAllowed(policy, Check.of("rds:ModifyDBClusterParameterGroup", rds("cluster-pg", carried)).resourceTags(tags));
    // The restore names the source's group, the upgrade hop the carried one.
    assertAllowed(policy, List.of(
        Check.of("rds:RestoreDBClusterFromSnapshot", rds("cluster", "orders-v2")).requestTags(tags),
        Check.of("rds:RestoreDBClusterFromSnapshot", rds("cluster-snapshot", names.sourceSnapshot())).requestTags(tags),
        Check.of("rds:RestoreDBClusterFromSnapshot", rds("cluster-pg", "orders-pg13")).requestTags(tags),
        Check.of("rds:AddTagsToResource", rds("cluster", "orders-v2")).requestTags(tags)));
    assertAllowed(policy, List.of(
        Check.of("rds:ModifyDBCluster", rds("cluster", "orders-v2")).resourceTags(tags),
        Check.of("rds:ModifyDBCluster", rds("cluster-pg", carried))));

    assertDenied(policy, Check.of("rds:CreateDBClusterParameterGroup", rds("cluster-pg", carried)));
    assertDenied(policy, Check.of("rds:CreateDBClusterParameterGroup", rds("cluster-pg", "orders-pg15")).requestTags(tags));
    assertDenied(policy, Check.of("rds:ModifyDBClusterParameterGroup", rds("cluster-pg", "orders-pg13")));
    assertDenied(policy, Check.of("rds:ModifyDBClusterParameterGroup", rds("cluster-pg", carried)));

    // A rollback that deleted the target removes the carried groups, and no other.
    assertAllowed(policy, Check.of("rds:DeleteDBClusterParameterGroup", rds("cluster-pg", carried)).resourceTags(tags));
    assertDenied(policy, Check.of("rds:DeleteDBClusterParameterGroup", rds("cluster-pg", carried)));
    assertDenied(policy, Check.of("rds:DeleteDBClusterParameterGroup", rds("cluster-pg", "orders-pg13")).resourceTags(tags));
    assertDenied(policy, Check.of("rds:DeleteDBClusterParameterGroup", rds("cluster-pg", "default.aurora-postgresql15")));
    assertDenied(policy, Check.of("rds:DeleteDBClusterParameterGroup", rds("cluster-pg", "orders-prod-aurora-postgresql15"))
        .resourceTags(Map.of(OWNER, "shop/orders")));
  }

  @Test
  void handsTheMigrationTargetToADatabaseCluster() throws IOException {
    PolicyEvaluator policy = evaluator();
    Map<String, String> migration = Map.of(MIGRATION, "shop/orders");
    Map<String, String> both = Map.of(MIGRATION, "shop/orders", OWNER, "shop/orders-v2");
    assertAllowed(policy, Check.of("rds:AddTagsToResource", rds("cluster", "orders-v2"))
        .resourceTags(migration).requestTags(Map.of(OWNER, "shop/orders-v2")));
    assertAllowed(policy, Check.of("rds:RemoveTagsFromResource", rds("cluster", "orders-v2"))
        .resourceTags(both).requestTags(Map.of(MIGRATION, "")));
    // The target's instances keep only the migration tag: the reconciler never retags instances.
    assertAllowed(policy, Check.of("rds:ModifyDBInstance", rds("db", "orders-v2-1")).resourceTags(migration));
    assertAllowed(policy, deleteClusterWithFinalSnapshot("orders-v2", "orders-v2-final-0f1e2d3c", both));
  }

  @Test
  void neverModifiesStopsOrDeletesWhatCarriesNoOperatorTag() throws IOException {
    PolicyEvaluator policy = evaluator();
    Map<String, String> someoneElses = Map.of("team", "billing", "aurora.dbops.dev/other", "x");
    for (Map<String, String> tags : List.of(Map.<String, String>of(), someoneElses)) {
      assertDenied(policy, Check.of("rds:ModifyDBCluster", rds("cluster", "billing-db")).resourceTags(tags));
      assertDenied(policy, Check.of("rds:DeleteDBCluster", rds("cluster", "billing-db")).resourceTags(tags));
      assertDenied(policy, Check.of("rds:StopDBCluster", rds("cluster", "billing-db")).resourceTags(tags));
      assertDenied(policy, Check.of("rds:ModifyDBInstance", rds("db", "billing-db-7")).resourceTags(tags));
      assertDenied(policy, Check.of("rds:DeleteDBInstance", rds("db", "billing-db-7")).resourceTags(tags));
      assertDenied(policy, Check.of("rds:RemoveTagsFromResource", rds("cluster", "billing-db")).resourceTags(tags)
          .requestTags(Map.of("team", "")));
      assertDenied(policy, Check.of("rds:DeleteDBClusterSnapshot", rds("cluster-snapshot", "billing-final-2025"))
          .resourceTags(tags));
    }
    // Not even on its own clusters: only a Blue/Green source the user opted in is rebooted; nothing fails over,
    // starts or deletes snapshots.
    Map<String, String> owned = Map.of(OWNER, "shop/orders");
    assertDenied(policy, Check.of("rds:RebootDBInstance", rds("db", "orders-prod-1")).resourceTags(owned));
    assertDenied(policy, Check.of("rds:FailoverDBCluster", rds("cluster", "orders-prod")).resourceTags(owned));
    assertDenied(policy, Check.of("rds:StartDBCluster", rds("cluster", "orders-prod")).resourceTags(owned));
    assertDenied(policy, Check.of("rds:DeleteDBClusterSnapshot", rds("cluster-snapshot", "orders-prod-final-0f1e2d3c"))
        .resourceTags(owned));
    assertDenied(policy, Check.of("rds:StopDBCluster", rds("cluster", "orders-prod")).resourceTags(owned));
  }

  @Test
  void deletesOwnedClustersOnlyThroughAFinalSnapshotUnderItsOwnNames() throws IOException {
    PolicyEvaluator policy = evaluator();
    Map<String, String> owned = Map.of(OWNER, "shop/orders");
    assertAllowed(policy, deleteClusterWithFinalSnapshot("orders-prod", "orders-prod-final-0f1e2d3c", owned));
    assertAllowed(policy, Check.of("rds:DeleteDBCluster", rds("cluster", "orders-prod")).resourceTags(owned));
    assertDenied(policy, deleteClusterWithFinalSnapshot("orders-prod", "orders-prod-keep-me", owned));
    // Adding tags by hand to a final snapshot name is not the copy RDS makes.
    assertDenied(policy, Check.of("rds:AddTagsToResource", rds("cluster-snapshot", "someones-final-2025"))
        .requestTags(Map.of("team", "x")));
  }

  @Test
  void stopsOrDeletesTheSourceOnlyWhenAPersonTaggedItForTheMigration() throws IOException {
    PolicyEvaluator policy = evaluator();
    MigrationNames names = new MigrationNames("orders-v1", "orders-v2", "abcd1234", "shop/orders");
    assertDenied(policy, Check.of("rds:StopDBCluster", rds("cluster", "orders-v1")));
    assertDenied(policy, deleteClusterWithFinalSnapshot("orders-v1", names.sourceFinalSnapshot(), Map.of()));
    assertDenied(policy, Check.of("rds:DeleteDBInstance", rds("db", "orders-v1-instance-1")));

    Map<String, String> optedIn = Map.of(SOURCE_OPT_IN, "shop/orders", "team", "checkout");
    assertAllowed(policy, Check.of("rds:StopDBCluster", rds("cluster", "orders-v1")).resourceTags(optedIn));
    assertAllowed(policy, Check.of("rds:DeleteDBInstance", rds("db", "orders-v1-instance-1")).resourceTags(optedIn));
    assertAllowed(policy, deleteClusterWithFinalSnapshot("orders-v1", names.sourceFinalSnapshot(), optedIn));
    // The opt-in does not let the operator tag the source, and does not reach its snapshots.
    assertDenied(policy, Check.of("rds:AddTagsToResource", rds("cluster", "orders-v1")).resourceTags(optedIn)
        .requestTags(Map.of("team", "platform")));
    assertDenied(policy, deleteClusterWithFinalSnapshot("orders-v1", "orders-v1-snap", optedIn));
  }

  /**
   * Blue/Green on a migration source: the deployment is created from the source cluster (authorized on
   * the source, the new deployment and the target parameter group it names, plus AddTagsToResource for
   * the tags passed at creation), a Serverless v1 source is first changed to provisioned and its writer
   * rebooted; switchover and delete are authorized on the deployment.
   */
  @Test
  void runsBlueGreenOnlyFromAnOptedInSourceAndOnlyOnDeploymentsTaggedForTheMigration() throws IOException {
    PolicyEvaluator policy = evaluator();
    Map<String, String> optedIn = Map.of(SOURCE_OPT_IN, "shop/orders");
    Map<String, String> migration = Map.of(MIGRATION, "shop/orders");
    String deployment = rds("deployment", "bgd-0123456789abcdef");
    assertAllowed(policy, createBlueGreen("orders-v1", optedIn, deployment, migration));
    assertAllowed(policy, Check.of("rds:RebootDBInstance", rds("db", "orders-v1-instance-1")).resourceTags(optedIn));
    // The opt-in does not let the operator change the source: the engine-mode conversion of a Serverless v1 source
    // (ModifyDBCluster) is not granted until the BlueGreen workflow has its own, narrower opt-in.
    assertDenied(policy, Check.of("rds:ModifyDBCluster", rds("cluster", "orders-v1")).resourceTags(optedIn));
    assertAllowed(policy, Check.of("rds:SwitchoverBlueGreenDeployment", deployment).resourceTags(migration));
    assertAllowed(policy, Check.of("rds:DeleteBlueGreenDeployment", deployment).resourceTags(migration));
    assertAllowed(policy, Check.of("rds:DescribeBlueGreenDeployments", "*"));

    // A source nobody opted in, or someone else's cluster: no deployment, no reboot.
    Map<String, String> someoneElses = Map.of("team", "billing");
    for (Map<String, String> tags : List.of(Map.<String, String>of(), someoneElses)) {
      assertDenied(policy, createBlueGreen("billing-db", tags, deployment, migration));
      assertDenied(policy, Check.of("rds:ModifyDBCluster", rds("cluster", "billing-db")).resourceTags(tags));
      assertDenied(policy, Check.of("rds:RebootDBInstance", rds("db", "billing-db-1")).resourceTags(tags));
    }
    // A deployment without the migration tag: not created, not switched over, not deleted.
    assertDenied(policy, createBlueGreen("orders-v1", optedIn, deployment, Map.of()));
    assertDenied(policy, createBlueGreen("orders-v1", optedIn, deployment, Map.of(OWNER, "shop/orders")));
    assertDenied(policy, createBlueGreen("orders-v1", optedIn, deployment, Map.of(MIGRATION, "shop/orders",
        SOURCE_OPT_IN, "shop/orders")));
    for (Map<String, String> tags : List.of(Map.<String, String>of(), Map.of(OWNER, "shop/orders"), optedIn)) {
      assertDenied(policy, Check.of("rds:SwitchoverBlueGreenDeployment", deployment).resourceTags(tags));
      assertDenied(policy, Check.of("rds:DeleteBlueGreenDeployment", deployment).resourceTags(tags));
    }
  }

  @Test
  void neverWritesTheMigrationSourceOptInTag() throws IOException {
    PolicyEvaluator policy = evaluator();
    Map<String, String> optIn = Map.of(SOURCE_OPT_IN, "shop/orders");
    assertDenied(policy, Check.of("rds:AddTagsToResource", rds("cluster", "orders-v2"))
        .resourceTags(Map.of(MIGRATION, "shop/orders")).requestTags(optIn));
    assertDenied(policy, Check.of("rds:AddTagsToResource", rds("cluster", "orders-v1"))
        .requestTags(Map.of(OWNER, "shop/orders", SOURCE_OPT_IN, "shop/orders")));
    assertDenied(policy, Check.of("rds:RemoveTagsFromResource", rds("cluster", "orders-v1"))
        .resourceTags(Map.of(OWNER, "shop/orders", SOURCE_OPT_IN, "shop/orders")).requestTags(Map.of(SOURCE_OPT_IN, "")));
    assertDenied(policy, createCluster("orders-prod", "default.aurora-postgresql15",
        Map.of(OWNER, "shop/orders", SOURCE_OPT_IN, "x")));
  }

  /**
   * RDS authorizes tags given at creation as AddTagsToResource on the new resource, with no condition key
   * that tells that check from a direct AddTagsToResource on an existing resource (EC2 has
   * ec2:CreateAction; RDS has nothing like it; rds:TagsFromRequest only separates copied tags). So the
   * statement that lets the operator tag what it creates also lets it put its own tag on an existing
   * cluster. The code only does that for adoptExisting; docs/iam.md says so. When RDS offers a way to
   * close this, this test is the one to turn around.
   */
  @Test
  void rdsCannotTellTaggingAtCreationFromTaggingAnExistingCluster() throws IOException {
    assertAllowed(evaluator(), Check.of("rds:AddTagsToResource", rds("cluster", "billing-db"))
        .requestTags(Map.of(OWNER, "shop/billing")));
  }

  // ---------------------------------------------------------------- calls as RDS authorizes them

  private static List<Check> createCluster(String id, String parameterGroup, Map<String, String> tags) {
    return withTagsOnCreate(tags, rds("cluster", id),
        Check.of("rds:CreateDBCluster", rds("cluster", id)).requestTags(tags),
        Check.of("rds:CreateDBCluster", rds("cluster-pg", parameterGroup)).requestTags(tags),
        Check.of("rds:CreateDBCluster", rds("subgrp", "db-private")).requestTags(tags),
        Check.of("rds:CreateDBCluster", rds("og", "default:aurora-postgresql-15")).requestTags(tags));
  }

  private static List<Check> restoreCluster(String id, String snapshot, Map<String, String> tags) {
    return withTagsOnCreate(tags, rds("cluster", id),
        Check.of("rds:RestoreDBClusterFromSnapshot", rds("cluster", id)).requestTags(tags),
        Check.of("rds:RestoreDBClusterFromSnapshot", rds("cluster-snapshot", snapshot)).requestTags(tags),
        Check.of("rds:RestoreDBClusterFromSnapshot", rds("cluster-pg", "default.aurora-postgresql13")).requestTags(tags),
        Check.of("rds:RestoreDBClusterFromSnapshot", rds("subgrp", "db-private")).requestTags(tags),
        Check.of("rds:RestoreDBClusterFromSnapshot", rds("og", "default:aurora-postgresql-13")).requestTags(tags));
  }

  private static List<Check> createInstance(String id, String cluster, Map<String, String> tags) {
    return withTagsOnCreate(tags, rds("db", id),
        Check.of("rds:CreateDBInstance", rds("db", id)).requestTags(tags),
        Check.of("rds:CreateDBInstance", rds("cluster", cluster)).requestTags(tags),
        Check.of("rds:CreateDBInstance", rds("pg", "default.aurora-postgresql15")).requestTags(tags));
  }

  private static List<Check> createBlueGreen(String source, Map<String, String> sourceTags, String deployment,
      Map<String, String> tags) {
    return withTagsOnCreate(tags, deployment,
        Check.of("rds:CreateBlueGreenDeployment", rds("cluster", source)).resourceTags(sourceTags).requestTags(tags),
        Check.of("rds:CreateBlueGreenDeployment", deployment).requestTags(tags),
        Check.of("rds:CreateBlueGreenDeployment", rds("cluster-pg", "orders-v1-aurora-postgresql16-abcd1234"))
            .requestTags(tags));
  }

  /** RDS checks AddTagsToResource on the new resource when, and only when, the create passes tags. */
  private static List<Check> withTagsOnCreate(Map<String, String> tags, String created, Check... checks) {
    List<Check> all = new ArrayList<>(List.of(checks));
    if (!tags.isEmpty()) {
      all.add(Check.of("rds:AddTagsToResource", created).requestTags(tags));
    }
    return all;
  }

  /**
   * DeleteDBCluster with a final snapshot: authorized on the cluster and the new snapshot, plus
   * CreateDBClusterSnapshot on both, plus AddTagsToResource on the snapshot for the tags
   * CopyTagsToSnapshot copies (RDS, August 2024; rds:TagsFromRequest is false for copied tags).
   */
  private static List<Check> deleteClusterWithFinalSnapshot(String id, String snapshot, Map<String, String> tags) {
    return List.of(
        Check.of("rds:DeleteDBCluster", rds("cluster", id)).resourceTags(tags),
        Check.of("rds:DeleteDBCluster", rds("cluster-snapshot", snapshot)),
        Check.of("rds:CreateDBClusterSnapshot", rds("cluster", id)).resourceTags(tags),
        Check.of("rds:CreateDBClusterSnapshot", rds("cluster-snapshot", snapshot)),
        Check.of("rds:AddTagsToResource", rds("cluster-snapshot", snapshot)).context("rds:TagsFromRequest", List.of("false")));
  }

  private static Check route53Change(String zone, List<String> actions, List<String> types) {
    return Check.of("route53:ChangeResourceRecordSets", zone)
        .context("route53:ChangeResourceRecordSetsActions", actions)
        .context("route53:ChangeResourceRecordSetsRecordTypes", types);
  }

  private static String rds(String type, String name) {
    return "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":" + type + ":" + name;
  }

  private static String alarmArn(String name) {
    return "arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:" + name;
  }

  private static String dashboardArn(String name) {
    return "arn:aws:cloudwatch::" + ACCOUNT + ":dashboard/" + name;
  }

  private static void assertAllowed(PolicyEvaluator policy, Check check) {
    assertAllowed(policy, List.of(check));
  }

  private static void assertAllowed(PolicyEvaluator policy, List<Check> checks) {
    for (Check check : checks) {
      assertThat(policy.allows(check)).as("allowed: %s on %s (resource tags %s, request tags %s, context %s)",
          check.action(), check.resource(), check.resourceTags(), check.requestTags(), check.extraContext()).isTrue();
    }
  }

  private static void assertDenied(PolicyEvaluator policy, Check check) {
    assertThat(policy.allows(check)).as("denied: %s on %s (resource tags %s, request tags %s), but allowed by %s",
        check.action(), check.resource(), check.resourceTags(), check.requestTags(), policy.allowingStatements(check))
        .isFalse();
  }

  /** A call is refused when any one of its authorizations is. */
  private static void assertDenied(PolicyEvaluator policy, List<Check> checks) {
    assertThat(checks).as("at least one authorization of %s is refused", checks.get(0).action())
        .anyMatch(c -> !policy.allows(c));
  }

  // ---------------------------------------------------------------- reading the policy and the code

  /** The statements of every policy file in one document: IAM evaluates the policies attached to a role as one. */
  private static JsonNode policy() throws IOException {
    return merged(path -> Files.readString(path));
  }

  private static PolicyEvaluator evaluator() throws IOException {
    return new PolicyEvaluator(merged(IamPolicyTest::substituted));
  }

  private static String substituted(Path policy) throws IOException {
    return Files.readString(policy).replace("ACCOUNT_ID", ACCOUNT).replace("HOSTED_ZONE_ID", ZONE);
  }

  private interface PolicyText {
    String read(Path policy) throws IOException;
  }

  private static JsonNode merged(PolicyText text) throws IOException {
    ObjectNode merged = JSON.createObjectNode().put("Version", "2012-10-17");
    ArrayNode statements = merged.putArray("Statement");
    for (Path policy : POLICIES) {
      JSON.readTree(text.read(policy)).get("Statement").forEach(statements::add);
    }
    return merged;
  }

  private static Set<String> grantedActions() throws IOException {
    Set<String> granted = new TreeSet<>();
    policy().get("Statement").forEach(s -> granted.addAll(PolicyEvaluator.strings(s.get("Action"))));
    return granted;
  }

  /** Client calls in aws/sdk/*.java as IAM actions: rds.describeDBClustersPaginator( → rds:DescribeDBClusters. */
  static Map<String, Set<String>> sdkCalls() throws IOException {
    Map<String, String> clients = Map.of("rds", "rds", "cloudWatch", "cloudwatch", "route53", "route53");
    Pattern call = Pattern.compile("\\b(rds|cloudWatch|route53)\\s*\\.\\s*([a-z][A-Za-z0-9]*)\\s*\\(");
    Set<String> notApiCalls = Set.of("close", "serviceName", "serviceClientConfiguration", "utilities", "waiter");
    Map<String, Set<String>> found = new TreeMap<>();
    try (Stream<Path> files = Files.list(SDK)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        Matcher m = call.matcher(Files.readString(file));
        while (m.find()) {
          String method = m.group(2);
          if (notApiCalls.contains(method)) {
            continue;
          }
          String operation = method.replaceFirst("Paginator$", "");
          String action = clients.get(m.group(1)) + ":" + Character.toUpperCase(operation.charAt(0)) + operation.substring(1);
          found.computeIfAbsent(action, k -> new TreeSet<>()).add(file.getFileName().toString());
        }
      }
    }
    return found;
  }

  /** The operator-tag conditions a statement requires, as "resource:key", "request:key" or "copied". */
  private static Set<String> tagGates(JsonNode statement) {
    Set<String> operatorKeys = Set.of(OWNER, MIGRATION, SOURCE_OPT_IN);
    Set<String> gates = new TreeSet<>();
    JsonNode condition = statement.path("Condition");
    for (Iterator<Map.Entry<String, JsonNode>> ops = condition.fields(); ops.hasNext(); ) {
      Map.Entry<String, JsonNode> op = ops.next();
      for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
        Map.Entry<String, JsonNode> key = keys.next();
        String k = key.getKey();
        List<String> values = PolicyEvaluator.strings(key.getValue());
        boolean requiresPresence = switch (op.getKey()) {
          case "Null" -> values.equals(List.of("false"));
          case "StringEquals", "StringLike" -> true;
          default -> false;
        };
        if (requiresPresence && k.startsWith("aws:ResourceTag/") && operatorKeys.contains(k.substring(16))) {
          gates.add("resource:" + k.substring(16));
        }
        if (requiresPresence && k.startsWith("aws:RequestTag/") && operatorKeys.contains(k.substring(15))) {
          gates.add("request:" + k.substring(15));
        }
        if (op.getKey().equals("ForAnyValue:StringEquals") && k.equals("aws:TagKeys")
            && !values.isEmpty() && Set.of(OWNER, MIGRATION).containsAll(values)) {
          gates.add("request:" + String.join("|", values));
        }
        if (op.getKey().equals("Bool") && k.equals("rds:TagsFromRequest") && values.equals(List.of("false"))) {
          gates.add("copied");
        }
      }
    }
    return gates;
  }

  /** Whether a Resource pattern can name a resource of this RDS type ("*" for any type). */
  private static boolean mayNameType(String pattern, String type) {
    if (pattern.equals("*")) {
      return true;
    }
    String[] parts = pattern.split(":", 7);
    if (parts.length < 7 || !parts[2].equals("rds")) {
      return false;
    }
    return type.equals("*") || parts[5].contains("*") || parts[5].equals(type);
  }

  private static boolean isFinalSnapshotPattern(String resource) {
    return resource.contains(":cluster-snapshot:") && (resource.endsWith("-final-*") || resource.endsWith("-rollback-*"));
  }

  private static String sid(JsonNode statement) {
    return statement.path("Sid").asText("(no Sid)");
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
