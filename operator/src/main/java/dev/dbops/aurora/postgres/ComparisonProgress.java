package dev.dbops.aurora.postgres;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far a running comparison is, readable from another thread while it runs: tables planned and
 * tables whose every key range has been read on both sides.
 */
public final class ComparisonProgress {
  private final AtomicInteger tables = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();

  void planned(int count) {
    tables.addAndGet(count);
  }

  void tableDone() {
    done.incrementAndGet();
  }

  public int tables() {
    return tables.get();
  }

  public int tablesDone() {
    return done.get();
  }
}
