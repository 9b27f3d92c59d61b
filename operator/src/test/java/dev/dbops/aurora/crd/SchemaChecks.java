package dev.dbops.aurora.crd;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the API server makes on the CRD itself, apart from compiling CEL rules: a structural
 * schema (every node typed), patterns that Go's regexp (RE2) accepts, and defaults that are
 * valid against their own schema.
 */
final class SchemaChecks {

  private SchemaChecks() {}

  static List<String> problems(SchemaTree tree) {
    List<String> problems = new ArrayList<>();
    for (SchemaTree.Located at : tree.all()) {
      SchemaNode node = at.node();
      String where = at.path().isEmpty() ? "<root>" : at.path();
      if (!node.hasType() && !node.preservesUnknownFields() && !node.flag("x-kubernetes-int-or-string")) {
        problems.add(where + ": type is required in a structural schema");
      }
      node.pattern().ifPresent(p -> {
        try {
          Pattern.compile(p);
        } catch (PatternSyntaxException e) {
          problems.add(where + ": pattern '" + p + "' is not RE2 (Go regexp): " + e.getMessage());
        }
      });
      node.defaultValue().ifPresent(d -> {
        Object defaulted = PruningAndDefaulting.apply(node, YamlTrees.normalize(d));
        StructuralValidation.validate(node, where, defaulted)
            .forEach(e -> problems.add(where + ": default is invalid: " + e));
      });
    }
    return problems;
  }
}
