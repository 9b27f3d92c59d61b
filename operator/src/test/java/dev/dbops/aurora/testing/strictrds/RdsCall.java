package dev.dbops.aurora.testing.strictrds;

import dev.dbops.aurora.testing.rds.QueryRequest;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * One RDS request passing through {@link StrictRds}: the (normalised) request, the caller's signature
 * for our own describes downstream, and what was learnt before forwarding.
 */
final class RdsCall {
  final QueryRequest request;
  final String authorization;
  /** The cluster as moto had it before this write, when a rule looked. */
  Optional<Element> clusterBefore = Optional.empty();

  RdsCall(QueryRequest request, String authorization) {
    this.request = request;
    this.authorization = authorization;
  }

  String action() {
    return request.action();
  }

  String param(String name) {
    return request.get(name).orElse("");
  }
}
