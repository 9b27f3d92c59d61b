package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.DnsApi;
import dev.dbops.aurora.model.migration.AdoptionSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records where cutover pointed things, and serves as the DNS zone too. */
final class RecordingAppRouting implements AppRouting, DnsApi {
  final Map<String, String> pointedAt = new LinkedHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();
  /** What each connection Secret was given, host and port, as an app would read it. */
  final Map<String, ConnectionDetails> secrets = new LinkedHashMap<>();

  @Override
  public void pointSecret(AuroraMigration migration, String secretName, ConnectionDetails target) {
    calls.add("secret " + secretName);
    pointedAt.put("secret/" + secretName, target.host());
    secrets.put(secretName, target);
  }

  @Override
  public void pointService(AuroraMigration migration, String serviceName, String host) {
    calls.add("service " + serviceName);
    pointedAt.put("service/" + serviceName, host);
  }

  @Override
  public void adoptTarget(AuroraMigration migration, AdoptionSpec adoption, ConnectionDetails target) {
    calls.add("adopt " + target.clusterIdentifier());
  }

  /** Argo CD tracking a test puts on an existing "Secret/name" or "Service/name". */
  final Map<String, String> argoCdTracking = new LinkedHashMap<>();

  @Override
  public Optional<String> argoCdTracking(AuroraMigration migration, String kind, String name) {
    return Optional.ofNullable(argoCdTracking.get(kind + "/" + name));
  }

  @Override
  public Optional<String> pointedHost(AuroraMigration migration, String kind, String name) {
    return Optional.ofNullable(pointedAt.get(kind.toLowerCase(java.util.Locale.ROOT) + "/" + name));
  }

  @Override
  public void upsertCname(String hostedZoneId, String recordName, String target, int ttlSeconds) {
    calls.add("dns " + recordName);
    pointedAt.put("dns/" + recordName, target);
  }

  @Override
  public Optional<String> findCname(String hostedZoneId, String recordName) {
    return Optional.ofNullable(pointedAt.get("dns/" + recordName));
  }
}
