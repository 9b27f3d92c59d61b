package dev.dbops.aurora.crd;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every x-kubernetes-validations rule of one schema, compiled once with {@code self} (and
 * {@code oldSelf}) typed from the schema node the rule sits on, then evaluated on resources.
 */
final class CelRules {

  /**
   * Kubernetes compares int and double with < and <= (cel-go CrossTypeNumericComparisons);
   * this is the cel-java equivalent.
   */
  private static final CelOptions OPTIONS = CelOptions.current()
      .enableHeterogeneousNumericComparisons(true)
      .build();

  /** One environment for every schema node; only the types of self and oldSelf differ. */
  private static final CelCompiler BASE_COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setOptions(OPTIONS)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS))
      .build();

  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
      .setOptions(OPTIONS)
      .addLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS))
      .build();

  private final Map<SchemaNode, List<CompiledRule>> bySchemaNode = new HashMap<>();
  private final List<String> compileErrors = new ArrayList<>();
  private final List<String> rules = new ArrayList<>();

  record CompiledRule(SchemaNode.ValidationRule rule, CelRuntime.Program program, boolean transition) {}

  private CelRules() {}

  /** Compiles every rule of the schema; a rule that does not compile becomes a CRD error. */
  static CelRules compile(SchemaTree tree) {
    CelRules out = new CelRules();
    CelSchemaTypes types = new CelSchemaTypes();
    // Types first, so that the type provider knows every object type a rule can reach.
    Map<SchemaTree.Located, CelType> selfTypes = new HashMap<>();
    tree.nodesWithRules().forEach(n -> selfTypes.put(n, types.typeOf(n.node(), n.path())));
    for (SchemaTree.Located located : tree.nodesWithRules()) {
      CelType selfType = selfTypes.get(located);
      CelCompiler compiler = BASE_COMPILER.toCompilerBuilder()
          .setTypeProvider(types)
          .addVar("self", selfType)
          .addVar("oldSelf", selfType)
          .build();
      for (SchemaNode.ValidationRule rule : located.node().validationRules()) {
        out.rules.add(located.path() + ": " + rule.rule());
        out.compileOne(compiler, RUNTIME, located, rule);
      }
    }
    return out;
  }

  private void compileOne(CelCompiler compiler, CelRuntime runtime, SchemaTree.Located at, SchemaNode.ValidationRule rule) {
    String where = (at.path().isEmpty() ? "<root>" : at.path()) + ".x-kubernetes-validations[rule=" + rule.rule() + "]";
    CelValidationResult result = compiler.compile(rule.rule());
    if (result.hasError()) {
      compileErrors.add(where + ": compilation failed: " + result.getErrorString());
      return;
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      if (!ast.getResultType().equals(SimpleType.BOOL)) {
        compileErrors.add(where + ": rule must evaluate to a bool, not " + ast.getResultType().name());
        return;
      }
      // A rule that mentions oldSelf is a transition rule: run on update only, when an old value exists.
      boolean transition = ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals("oldSelf"));
      if (transition && !at.correlatable()) {
        // The API server refuses such a CRD: below a list there is no old value to compare with.
        compileErrors.add(where + ": oldSelf cannot be used on the uncorrelatable portion of the schema");
        return;
      }
      bySchemaNode.computeIfAbsent(at.node(), k -> new ArrayList<>())
          .add(new CompiledRule(rule, runtime.createProgram(ast), transition));
    } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
      compileErrors.add(where + ": " + e.getMessage());
    }
  }

  List<String> compileErrors() {
    return List.copyOf(compileErrors);
  }

  List<String> rules() {
    return List.copyOf(rules);
  }

  /** Evaluates the rules of {@code node} on {@code value}; {@code oldValue} is null on create. */
  List<FieldError> evaluate(SchemaNode node, String path, Object value, Object oldValue) {
    List<FieldError> errors = new ArrayList<>();
    for (CompiledRule compiled : bySchemaNode.getOrDefault(node, List.of())) {
      if (compiled.transition() && oldValue == null) {
        continue;
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", CelSchemaTypes.valueOf(node, value));
      if (oldValue != null) {
        vars.put("oldSelf", CelSchemaTypes.valueOf(node, oldValue));
      }
      try {
        Object result = compiled.program().eval(vars);
        if (!Boolean.TRUE.equals(result)) {
          errors.add(FieldError.rule(path, value, compiled.rule().failureText()));
        }
      } catch (CelEvaluationException e) {
        errors.add(FieldError.rule(path, value, e.getMessage() + " evaluating rule: " + compiled.rule().errorString()));
      }
    }
    return errors;
  }
}
