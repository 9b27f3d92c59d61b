package dev.dbops.aurora.postgres;

import java.util.List;
import java.util.Set;

/** Compares every user table of two servers, table by table, with a bounded number of connections. */
public interface DataComparison {

  /**
   * @param checksums also compare a checksum of all rows (reads every row) besides counts
   * @param parallelism tables compared at once; each uses one connection per side
   * @param excludedTables schema.table names to skip
   */
  List<TableComparison> compare(
      PostgresServer source,
      PostgresServer target,
      List<String> databases,
      boolean checksums,
      int parallelism,
      Set<String> excludedTables);
}
