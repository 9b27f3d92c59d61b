package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.aws.DnsApi;
import java.util.Optional;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Route53 through the SDK: one UPSERT change per cutover, one list call to read a record back. */
public final class SdkDnsApi implements DnsApi {
  private final Route53Client route53;

  public SdkDnsApi(Route53Client route53) {
    this.route53 = route53;
  }

  @Override
  public void upsertCname(String hostedZoneId, String recordName, String target, int ttlSeconds) {
    ResourceRecordSet record =
        ResourceRecordSet.builder()
            .name(recordName)
            .type(RRType.CNAME)
            .ttl((long) ttlSeconds)
            .resourceRecords(ResourceRecord.builder().value(target).build())
            .build();
    route53.changeResourceRecordSets(
        r ->
            r.hostedZoneId(hostedZoneId)
                .changeBatch(
                    b ->
                        b.comment("aurora-operator cutover")
                            .changes(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(record).build())));
  }

  @Override
  public Optional<String> findCname(String hostedZoneId, String recordName) {
    String fqdn = recordName.endsWith(".") ? recordName : recordName + ".";
    ListResourceRecordSetsResponse response =
        route53.listResourceRecordSets(
            r -> r.hostedZoneId(hostedZoneId).startRecordName(fqdn).startRecordType(RRType.CNAME).maxItems("1"));
    return response.resourceRecordSets().stream()
        .filter(s -> s.type() == RRType.CNAME && fqdn.equalsIgnoreCase(s.name()))
        .flatMap(s -> s.resourceRecords().stream())
        .map(ResourceRecord::value)
        .findFirst();
  }
}
