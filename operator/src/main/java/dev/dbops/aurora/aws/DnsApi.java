package dev.dbops.aurora.aws;

import java.util.Optional;

/** The Route53 calls the cutover needs. Route53 is global, so this is not bound to a region. */
public interface DnsApi {

  /** UPSERT of a CNAME record: creates it or repoints it, so running it twice is harmless. */
  void upsertCname(String hostedZoneId, String recordName, String target, int ttlSeconds);

  /** The CNAME's current target, if the record exists. */
  Optional<String> findCname(String hostedZoneId, String recordName);
}
