package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.model.migration.DatabaseWriteBaseline;
import dev.dbops.aurora.model.migration.TableWrites;
import dev.dbops.aurora.model.migration.WriteFenceResult;
import dev.dbops.aurora.model.migration.WriteFenceStatus;
import dev.dbops.aurora.postgres.DatabaseWriteCounters;
import dev.dbops.aurora.postgres.TableWriteCounters;
import dev.dbops.aurora.postgres.WriteCounters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a reading of the source's write counters with the baseline in status. Any doubt counts against
 * the migration: a counter that went down, a reset, a restart, an unsettled reading or a sequence the
 * operator may not read makes the result {@link WriteFenceResult#Unprovable}, never a pass.
 */
record WriteFenceComparison(WriteFenceResult result, long writes, List<TableWrites> tables, List<String> sequencesChanged,
    List<String> doubts) {
  static final int MAX_TABLES_IN_STATUS = 100;

  static WriteFenceComparison of(WriteFenceStatus baseline, WriteCounters now) {
    List<String> doubts = new ArrayList<>();
    if (!now.settled()) {
      doubts.add(now.transactionIdsDuringReading() + " transaction id(s) were assigned on the source while its counters were read ("
          + now.attempts() + " attempts): a session that connected meanwhile may have written without reporting yet");
    }
    if (!Objects.equals(baseline.getSourceStartedAt(), now.serverStartedAt())) {
      doubts.add("the source restarted (started " + baseline.getSourceStartedAt() + ", now " + now.serverStartedAt()
          + "): a crash or failover loses counts");
    }
    if (now.preparedTransactions() > 0) {
      doubts.add(now.preparedTransactions() + " prepared transaction(s) on the source: COMMIT PREPARED would write whatever the read-only setting");
    }
    Map<String, TableWrites> baselineTables = new HashMap<>();
    for (TableWrites t : baseline.getTables()) {
      baselineTables.put(t.getDatabase() + "/" + t.getTable(), t);
    }
    boolean everyTableListed = baseline.getTablesNotListed() == null || baseline.getTablesNotListed() == 0;
    long writes = 0;
    List<TableWrites> written = new ArrayList<>();
    List<String> sequencesChanged = new ArrayList<>();
    for (DatabaseWriteBaseline base : baseline.getDatabases()) {
      DatabaseWriteCounters current =
          now.databases().stream().filter(d -> d.database().equals(base.getDatabase())).findFirst().orElse(null);
      if (current == null) {
        doubts.add("database " + base.getDatabase() + " was not read");
        continue;
      }
      if (!Objects.equals(base.getStatsReset(), current.statsReset())) {
        doubts.add("statistics of " + base.getDatabase() + " were reset (" + base.getStatsReset() + " → " + current.statsReset() + ")");
        continue;
      }
      long inserted = current.inserts() - base.getInserts();
      long updated = current.updates() - base.getUpdates();
      long deleted = current.deletes() - base.getDeletes();
      if (inserted < 0 || updated < 0 || deleted < 0) {
        doubts.add("write counters of " + base.getDatabase() + " went down since the baseline (statistics lost)");
        continue;
      }
      writes += inserted + updated + deleted;
      if (current.unreadableSequences() > 0) {
        doubts.add(current.unreadableSequences() + " sequence(s) in " + base.getDatabase()
            + " are not readable by the operator's user: grant it SELECT on them");
      }
      if (!Objects.equals(base.getSequencesDigest(), current.sequencesDigest())) {
        sequencesChanged.add(base.getDatabase());
      }
      for (TableWriteCounters table : current.tables()) {
        TableWrites before = baselineTables.get(base.getDatabase() + "/" + table.table());
        if (before == null && !everyTableListed) {
          continue; // counted in the database total; the table cannot be named
        }
        long ins = table.inserts() - (before == null ? 0 : before.getInserts());
        long upd = table.updates() - (before == null ? 0 : before.getUpdates());
        long del = table.deletes() - (before == null ? 0 : before.getDeletes());
        if (ins + upd + del != 0) {
          written.add(tableWrites(base.getDatabase(), table.table(), ins, upd, del));
        }
      }
    }
    written.sort((a, b) -> Long.compare(total(b), total(a)));
    WriteFenceResult result = !doubts.isEmpty()
        ? WriteFenceResult.Unprovable
        : writes > 0 || !sequencesChanged.isEmpty() ? WriteFenceResult.WritesDetected : WriteFenceResult.NoWritesDetected;
    return new WriteFenceComparison(result, writes,
        written.subList(0, Math.min(written.size(), MAX_TABLES_IN_STATUS)), sequencesChanged, doubts);
  }

  /** One line for messages: what was written, or why nothing can be said. */
  String describe() {
    List<String> parts = new ArrayList<>();
    if (writes > 0) {
      parts.add(writes + " row(s) written" + (tables.isEmpty() ? "" : ": " + String.join(", ", tables.stream().limit(10).map(WriteFenceComparison::describe).toList())
          + (tables.size() > 10 ? ", …" : "")));
    }
    if (!sequencesChanged.isEmpty()) {
      parts.add("sequences moved (nextval/setval) in " + String.join(", ", sequencesChanged));
    }
    parts.addAll(doubts);
    return String.join("; ", parts);
  }

  private static String describe(TableWrites t) {
    List<String> counts = new ArrayList<>();
    if (t.getInserts() != 0) {
      counts.add("+" + t.getInserts() + " inserted");
    }
    if (t.getUpdates() != 0) {
      counts.add(t.getUpdates() + " updated");
    }
    if (t.getDeletes() != 0) {
      counts.add(t.getDeletes() + " deleted");
    }
    return t.getDatabase() + "." + t.getTable() + " (" + String.join(", ", counts) + ")";
  }

  static TableWrites tableWrites(String database, String table, long inserts, long updates, long deletes) {
    TableWrites t = new TableWrites();
    t.setDatabase(database);
    t.setTable(table);
    t.setInserts(inserts);
    t.setUpdates(updates);
    t.setDeletes(deletes);
    return t;
  }

  private static long total(TableWrites t) {
    return t.getInserts() + t.getUpdates() + t.getDeletes();
  }
}
