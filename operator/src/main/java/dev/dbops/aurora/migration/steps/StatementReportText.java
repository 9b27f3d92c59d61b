package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.model.migration.StatementCheckSpec;
import dev.dbops.aurora.postgres.StatementOutcome;
import dev.dbops.aurora.postgres.StatementOutcome.Verdict;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The full statement-check report as ConfigMap data, one key per kind of finding, each statement with its
 * queryid and whole normalized text; readable with {@code kubectl get configmap <migration>-statements -o yaml}.
 */
final class StatementReportText {
  /** Each key stays well below the 1 MiB a ConfigMap may hold in all. */
  static final int MAX_CHARS_PER_KEY = 180_000;
  static final int MAX_STATEMENT_CHARS = 4_000;

  private StatementReportText() {}

  static Map<String, String> render(StatementCheckReport report, StatementCheckSpec spec, String summary) {
    Set<String> blocking = new HashSet<>(report.blocking(spec).stream().map(o -> o.statement().id()).toList());
    Set<String> regressions = new HashSet<>(report.regressions(spec).stream().map(o -> o.statement().id()).toList());
    Map<String, String> data = new LinkedHashMap<>();
    data.put("summary", summary + "\n");
    data.put("failed", section(of(report, Verdict.FAILED), o -> "SQLSTATE " + o.sqlState() + ", "
        + (blocking.contains(o.statement().id()) ? "blocks cutover" : "allowed in spec") + ": " + o.message()));
    data.put("planRegressions", section(report.outcomes().stream()
        .filter(o -> regressions.contains(o.statement().id())).toList(), o -> plans(o)));
    data.put("notCheckable", section(of(report, Verdict.NOT_CHECKABLE),
        o -> (o.sqlState() == null ? "" : "SQLSTATE " + o.sqlState() + ": ") + o.message()));
    if (spec.resultTimeout().isPresent()) {
      data.put("resultMismatches", section(report.resultMismatches(), o -> o.results().orElseThrow().describe()));
      data.put("resultsNotCompared", section(report.resultsNotCompared(), o -> o.results().orElseThrow().describe()));
    }
    data.put("prepared", section(of(report, Verdict.PREPARED), o -> plans(o)));
    return data;
  }

  private static List<StatementOutcome> of(StatementCheckReport report, Verdict verdict) {
    return report.outcomes().stream().filter(o -> o.verdict() == verdict).toList();
  }

  private static String plans(StatementOutcome o) {
    String source = o.sourcePlan().map(p -> p.nodeType() + " cost " + p.totalCost()).orElse("no plan");
    String target = o.targetPlan().map(p -> p.nodeType() + " cost " + p.totalCost()).orElse("no plan");
    return "source " + source + " → target " + target;
  }

  private static String section(List<StatementOutcome> outcomes, Function<StatementOutcome, String> finding) {
    StringBuilder out = new StringBuilder();
    int written = 0;
    for (StatementOutcome o : outcomes) {
      String text = o.statement().text().strip();
      String figures = o.statement().isSupplied() ? "supplied"
          : o.statement().calls() + " calls, " + Math.round(o.statement().totalMillis()) + " ms";
      String entry = o.statement().label() + " in " + o.statement().database() + " (" + figures + "): " + finding.apply(o) + "\n  "
          + (text.length() > MAX_STATEMENT_CHARS ? text.substring(0, MAX_STATEMENT_CHARS) + "…" : text).replace("\n", "\n  ")
          + "\n\n";
      if (out.length() + entry.length() > MAX_CHARS_PER_KEY) {
        out.append("… and ").append(outcomes.size() - written).append(" more\n");
        break;
      }
      out.append(entry);
      written++;
    }
    return out.toString();
  }
}
