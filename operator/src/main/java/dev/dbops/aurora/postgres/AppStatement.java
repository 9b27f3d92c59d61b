package dev.dbops.aurora.postgres;

/**
 * One statement to check: either one an application ran on the source, as pg_stat_statements keeps it
 * (constants replaced by $n, one entry per queryid, summed over the roles that ran it), or one the team
 * supplied in a ConfigMap, which has no queryid and no figures but its {@code origin}
 * ({@code <configmap>/<key>#<n>}).
 */
public record AppStatement(String queryId, String database, String text, long calls, double totalMillis, String origin) {

  public AppStatement(String queryId, String database, String text, long calls, double totalMillis) {
    this(queryId, database, text, calls, totalMillis, null);
  }

  /** The {@code n}th statement (from 1) of key {@code key} of ConfigMap {@code configMap}. */
  public static AppStatement supplied(String configMap, String key, int n, String database, String text) {
    return new AppStatement(null, database, text, 0, 0, configMap + "/" + key + "#" + n);
  }

  public boolean isSupplied() {
    return origin != null;
  }

  /** What allowFailures names: the queryid, or the origin of a supplied statement. */
  public String id() {
    return isSupplied() ? origin : queryId;
  }

  /** How reports name it: "queryid 123" or "configmap/key#n". */
  public String label() {
    return isSupplied() ? origin : "queryid " + queryId;
  }
}
