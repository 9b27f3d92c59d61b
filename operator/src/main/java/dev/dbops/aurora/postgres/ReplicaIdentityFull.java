package dev.dbops.aurora.postgres;

import java.util.List;

/**
 * Sets REPLICA IDENTITY FULL on tables a person listed, so UPDATE and DELETE on a table without a primary key
 * replicate (the whole old row identifies it). Only ever on the tables given: the operator never chooses them.
 */
public interface ReplicaIdentityFull {

  /**
   * For each database.schema.table: FULL set, already FULL (left alone), or missing. Running it again changes nothing.
   */
  Result apply(PostgresServer server, List<String> tables);

  record Result(List<String> set, List<String> alreadyFull, List<String> missing) {}
}
