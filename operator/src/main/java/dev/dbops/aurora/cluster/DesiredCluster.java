package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.RdsIdentifier;
import dev.dbops.aurora.model.BackupSpec;
import dev.dbops.aurora.model.InstanceSpec;
import dev.dbops.aurora.model.InstancesSpec;
import dev.dbops.aurora.model.MasterCredentialsSpec;
import dev.dbops.aurora.model.PerformanceInsightsSpec;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterSpec;
import dev.dbops.aurora.model.cluster.DeletionPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS state a DatabaseCluster asks for, with every default filled in, so the rest of the reconciler
 * compares values instead of checking the spec for nulls. Backup retention, copyTagsToSnapshot and deletion
 * protection stay null where the spec is silent: a created cluster gets the defaults, but an existing one
 * (adopted, or changed in AWS) keeps what it has, as the backup and maintenance windows always did.
 */
public record DesiredCluster(
    String identifier,
    String region,
    String engine,
    String engineVersion,
    boolean allowMajorVersionUpgrade,
    Capacity scaling,
    List<DesiredInstance> instances,
    String instanceClass,
    Integer port,
    String dbSubnetGroup,
    List<String> securityGroupIds,
    boolean storageEncrypted,
    String kmsKeyId,
    Integer backupRetentionDays,
    String backupWindow,
    String maintenanceWindow,
    Boolean deletionProtection,
    Boolean copyTagsToSnapshot,
    Optional<String> parameterGroupName,
    Optional<OwnedParameterGroup> ownedParameterGroup,
    List<String> logExports,
    Map<String, String> tags,
    String databaseName,
    String masterUsername,
    boolean manageMasterUserPassword,
    String masterUserSecretKmsKeyId,
    Optional<String> restoreFromSnapshot,
    boolean adoptExisting,
    DeletionPolicy deletionPolicy) {

  static final String DEFAULT_ENGINE = "aurora-postgresql";
  static final String SERVERLESS_CLASS = "db.serverless";
  static final int DEFAULT_PORT = 5432;
  static final int DEFAULT_RETENTION_DAYS = 7;

  public static DesiredCluster of(DatabaseCluster resource, String defaultRegion) {
    DatabaseClusterSpec spec = resource.getSpec();
    // Compared with what RDS answers, so in the case RDS stores it.
    String id = RdsIdentifier.canonical(spec.getClusterIdentifier());
    String engine = orElse(spec.getEngine(), DEFAULT_ENGINE);
    BackupSpec backup = orElse(spec.getBackup(), new BackupSpec());
    MasterCredentialsSpec credentials = orElse(spec.getMasterCredentials(), new MasterCredentialsSpec());
    InstancesSpec instances = orElse(spec.getInstances(), new InstancesSpec());
    var network = spec.getNetwork();
    var encryption = spec.getEncryption();
    var parameterGroup = spec.getParameterGroup();

    Optional<OwnedParameterGroup> owned = Optional.ofNullable(parameterGroup)
        .map(pg -> pg.getParameters())
        .filter(p -> !p.isEmpty())
        .map(p -> {
          String family = OwnedParameterGroup.familyOf(engine, spec.getEngineVersion());
          return new OwnedParameterGroup(id + "-" + family, family, p);
        });
    Optional<String> groupName = owned.map(OwnedParameterGroup::name)
        .or(() -> Optional.ofNullable(parameterGroup).map(pg -> pg.getName()).filter(n -> !n.isBlank()));

    Map<String, String> tags = new LinkedHashMap<>();
    if (spec.getTags() != null) {
      tags.putAll(spec.getTags());
    }
    tags.put(OwnerTag.KEY, OwnerTag.valueFor(resource));

    var scaling = spec.getScaling();
    return new DesiredCluster(
        id,
        Optional.ofNullable(spec.getRegion()).filter(r -> !r.isBlank()).orElse(defaultRegion),
        engine,
        spec.getEngineVersion(),
        spec.isAllowMajorVersionUpgrade(),
        new Capacity(
            orElse(scaling.getMinCapacity(), 0.5), scaling.getMaxCapacity(), scaling.getSecondsUntilAutoPause()),
        instancesOf(id, instances),
        orElse(instances.getInstanceClass(), SERVERLESS_CLASS),
        network == null || network.getPort() == null ? DEFAULT_PORT : network.getPort(),
        network == null ? null : network.getDbSubnetGroupName(),
        network == null || network.getVpcSecurityGroupIds() == null ? List.of() : network.getVpcSecurityGroupIds(),
        encryption == null || encryption.isStorageEncrypted(),
        encryption == null ? null : encryption.getKmsKeyId(),
        backup.getRetentionDays(),
        backup.getPreferredBackupWindow(),
        backup.getPreferredMaintenanceWindow(),
        spec.getDeletionProtection(),
        backup.getCopyTagsToSnapshot(),
        groupName,
        owned,
        spec.getCloudwatchLogsExports() == null ? List.of() : List.copyOf(spec.getCloudwatchLogsExports()),
        Map.copyOf(tags),
        orElse(spec.getDatabaseName(), "postgres"),
        orElse(credentials.getUsername(), "postgres"),
        credentials.isManageMasterUserPassword(),
        credentials.getMasterUserSecretKmsKeyId(),
        Optional.ofNullable(spec.getRestoreFromSnapshot()).map(s -> s.getSnapshotIdentifier()),
        spec.isAdoptExisting(),
        orElse(spec.getDeletionPolicy(), DeletionPolicy.Retain));
  }

  /** Retention for a new cluster: the spec's, else the operator's default. */
  public int retentionDaysForCreate() {
    return orElse(backupRetentionDays, DEFAULT_RETENTION_DAYS);
  }

  /** Deletion protection for a new or restored cluster: the spec's, else off. */
  public boolean deletionProtectionForCreate() {
    return Boolean.TRUE.equals(deletionProtection);
  }

  /** copyTagsToSnapshot for a new cluster: the spec's, else true. */
  public boolean copyTagsToSnapshotForCreate() {
    return orElse(copyTagsToSnapshot, true);
  }

  /** The writer is the first entry; count-based names are deterministic so a restart finds the same ones. */
  private static List<DesiredInstance> instancesOf(String clusterId, InstancesSpec spec) {
    PerformanceInsightsSpec pi = spec.getPerformanceInsights();
    boolean piEnabled = pi != null && pi.isEnabled();
    Integer piRetention = piEnabled ? orElse(pi.getRetentionDays(), 7) : null;
    String piKey = piEnabled ? pi.getKmsKeyId() : null;
    boolean publicAccess = Boolean.TRUE.equals(spec.getPubliclyAccessible());
    List<DesiredInstance> result = new ArrayList<>();
    if (spec.getNamed() != null && !spec.getNamed().isEmpty()) {
      for (InstanceSpec named : spec.getNamed()) {
        Integer tier = named.getPromotionTier() != null ? named.getPromotionTier() : spec.getPromotionTier();
        result.add(new DesiredInstance(RdsIdentifier.canonical(named.getIdentifier()), tier, piEnabled, piRetention, piKey, publicAccess));
      }
    } else {
      int count = spec.getCount() == null ? 1 : spec.getCount();
      for (int i = 1; i <= count; i++) {
        result.add(new DesiredInstance(
            clusterId + "-" + i, spec.getPromotionTier(), piEnabled, piRetention, piKey, publicAccess));
      }
    }
    return List.copyOf(result);
  }

  private static <T> T orElse(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
