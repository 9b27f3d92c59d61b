package dev.dbops.aurora.testing.strictrds;

import java.util.Map;

/**
 * What {@link StrictRds} has seen and injected so far.
 *
 * @param requestsByAction RDS requests received, per action (retries included: each attempt is a request)
 * @param faultsByActionAndCode faults answered, keyed {@code Action/Code} (Code: Throttling, InternalFailure,
 *     ServiceUnavailable, LostAnswer)
 * @param refusalsByActionAndCode RDS rules that refused a request, keyed {@code Action/Code}
 * @param serverErrorsRelayedByAction 5xx answers of downstream (moto, the local Aurora: e.g. an action moto
 *     does not implement) passed on to the caller, per action; not injected, but seen by the caller all the same
 */
public record FaultCounts(Map<String, Long> requestsByAction, Map<String, Long> faultsByActionAndCode,
    Map<String, Long> refusalsByActionAndCode, Map<String, Long> serverErrorsRelayedByAction) {

  public long injected() {
    return faultsByActionAndCode.values().stream().mapToLong(Long::longValue).sum();
  }

  public long injected(String code) {
    return faultsByActionAndCode.entrySet().stream().filter(e -> e.getKey().endsWith("/" + code))
        .mapToLong(Map.Entry::getValue).sum();
  }

  public long injected(String action, String code) {
    return faultsByActionAndCode.getOrDefault(action + "/" + code, 0L);
  }

  public long refused(String code) {
    return refusalsByActionAndCode.entrySet().stream().filter(e -> e.getKey().endsWith("/" + code))
        .mapToLong(Map.Entry::getValue).sum();
  }

  public long requests() {
    return requestsByAction.values().stream().mapToLong(Long::longValue).sum();
  }

  public long requests(String action) {
    return requestsByAction.getOrDefault(action, 0L);
  }

  @Override
  public String toString() {
    return requests() + " requests, " + injected() + " faults injected " + faultsByActionAndCode + ", refused "
        + refusalsByActionAndCode + ", downstream 5xx relayed " + serverErrorsRelayedByAction;
  }
}
