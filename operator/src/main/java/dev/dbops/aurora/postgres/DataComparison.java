package dev.dbops.aurora.postgres;

import java.util.List;
import java.util.Set;

/** Compares every user table of two servers, table by table, with a bounded number of connections. */
public interface DataComparison {

  /**
   * @param checksums also compare a checksum of all rows (reads every row) besides counts
   * @param parallelism workers; each uses one connection per side
   * @param excludedTables schema.table names to skip
   */
  List<TableComparison> compare(
      PostgresServer source,
      PostgresServer target,
      List<String> databases,
      boolean checksums,
      int parallelism,
      Set<String> excludedTables);

  /** As {@link #compare(PostgresServer, PostgresServer, List, boolean, int, Set)}, counting tables done in {@code progress}. */
  List<TableComparison> compare(
      PostgresServer source,
      PostgresServer target,
      List<String> databases,
      boolean checksums,
      int parallelism,
      Set<String> excludedTables,
      ComparisonProgress progress);

  /** Bytes of table data a comparison reads on each side (pg_relation_size of the compared tables). */
  long bytesToCompare(PostgresServer source, List<String> databases, Set<String> excludedTables);
}
