package dev.dbops.aurora.migration;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Long SQL work (ANALYZE, verification of every table) runs here, off the reconciler threads, so one big
 * database cannot hold a reconciler thread for an hour. A reconcile starts the task and later picks up
 * its result. Tasks live in memory only: after a restart the step simply starts its task again, which is
 * safe because every task is read-only or idempotent.
 */
public final class SqlTasks implements AutoCloseable {
  private final ExecutorService executor;
  private final ConcurrentMap<String, CompletableFuture<Object>> tasks = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Object> progress = new ConcurrentHashMap<>();

  public SqlTasks(int threads) {
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "sql-task");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts {@code work} under {@code key} unless it already runs; returns its result once finished (and
   * forgets it), or empty while it runs. A failed task rethrows its exception once.
   */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> poll(String key, Supplier<T> work) {
    CompletableFuture<Object> task =
        tasks.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> (Object) work.get(), executor));
    if (!task.isDone()) {
      return Optional.empty();
    }
    tasks.remove(key, task);
    progress.remove(key);
    try {
      return Optional.ofNullable((T) task.join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  /**
   * The progress object of the task under {@code key}, made by {@code create} the first time: the task
   * writes to it while it runs, later reconciles read it. Forgotten with the task's result.
   */
  @SuppressWarnings("unchecked")
  public <P> P progress(String key, Supplier<P> create) {
    return (P) progress.computeIfAbsent(key, k -> create.get());
  }

  /** Forgets a task (its result is no longer wanted, e.g. on rollback). */
  public void cancel(String key) {
    progress.remove(key);
    CompletableFuture<Object> task = tasks.remove(key);
    if (task != null) {
      task.cancel(true);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
