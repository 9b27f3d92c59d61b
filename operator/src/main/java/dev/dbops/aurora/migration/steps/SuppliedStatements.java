package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.model.migration.StatementCheckSpec;
import dev.dbops.aurora.model.migration.StatementFilesRef;
import dev.dbops.aurora.postgres.AppStatement;
import dev.dbops.aurora.postgres.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The statements the team supplies (spec.verification.statements.configMapRefs): each .sql key of each
 * ConfigMap split into statements, numbered from 1 in the order of the file, for each database they are
 * checked in. A ConfigMap, key or database that is not there is a problem a person must fix, never a
 * reason to check fewer statements silently.
 */
record SuppliedStatements(List<AppStatement> statements, Optional<String> problem) {

  static SuppliedStatements read(MigrationContext ctx, StatementCheckSpec spec) {
    List<StatementFilesRef> refs = spec.getConfigMapRefs() == null ? List.of() : spec.getConfigMapRefs();
    if (refs.isEmpty()) {
      return new SuppliedStatements(List.of(), Optional.empty());
    }
    if (ctx.statementReports().isEmpty()) {
      return problem("spec.verification.statements.configMapRefs is set but this operator has no Kubernetes API to "
          + "read ConfigMaps");
    }
    List<AppStatement> out = new ArrayList<>();
    for (StatementFilesRef ref : refs) {
      String where = "ConfigMap " + ref.getName() + " (spec.verification.statements.configMapRefs, namespace "
          + ctx.migration().getMetadata().getNamespace() + ")";
      if (ref.getDatabase() != null && !ctx.databases().contains(ref.getDatabase())) {
        return problem(where + " names database " + ref.getDatabase() + ", which is not migrated (migrated: "
            + String.join(", ", ctx.databases()) + ")");
      }
      Optional<Map<String, String>> data = ctx.statementReports().get().read(ctx.migration(), ref.getName());
      if (data.isEmpty()) {
        return problem(where + " does not exist: create it, or remove it from the list");
      }
      Map<String, String> files = new TreeMap<>();
      if (ref.getKeys() == null || ref.getKeys().isEmpty()) {
        data.get().forEach((key, text) -> {
          if (key.endsWith(".sql")) {
            files.put(key, text);
          }
        });
        if (files.isEmpty()) {
          return problem(where + " has no key ending in .sql (keys: " + String.join(", ", new TreeMap<>(data.get()).keySet())
              + ")");
        }
      } else {
        for (String key : ref.getKeys()) {
          if (!data.get().containsKey(key)) {
            return problem(where + " has no key " + key + " (keys: " + String.join(", ", new TreeMap<>(data.get()).keySet())
                + ")");
          }
          files.put(key, data.get().get(key));
        }
      }
      List<String> databases = ref.getDatabase() == null ? ctx.databases() : List.of(ref.getDatabase());
      files.forEach((key, text) -> {
        List<String> statements = SqlScript.statements(text == null ? "" : text);
        for (String database : databases) {
          for (int i = 0; i < statements.size(); i++) {
            out.add(AppStatement.supplied(ref.getName(), key, i + 1, database, statements.get(i)));
          }
        }
      });
    }
    return new SuppliedStatements(out, Optional.empty());
  }

  List<AppStatement> in(String database) {
    return statements.stream().filter(s -> s.database().equals(database)).toList();
  }

  private static SuppliedStatements problem(String message) {
    return new SuppliedStatements(List.of(), Optional.of(message));
  }
}
