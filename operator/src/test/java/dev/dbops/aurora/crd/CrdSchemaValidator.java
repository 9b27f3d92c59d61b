package dev.dbops.aurora.crd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Validates a custom resource against a CRD from crds/ the way the API server does, without
 * one: prune unknown fields, apply defaults, check the OpenAPI schema, then (only if that
 * left no blocking error, as the API server does) run every x-kubernetes-validations rule with
 * cel-java. On update, {@code oldSelf} is bound and transition rules run where an old value
 * exists.
 *
 * <p>Not modelled: CEL cost limits, validation ratcheting of unchanged invalid values (K8s
 * 1.30+), list-type=map correlation of list items for oldSelf, messageExpression, metadata
 * rules beyond metadata.name, and the Kubernetes-only CEL libraries (quantity, url, ip ...).
 */
public final class CrdSchemaValidator {

  private final String group;
  private final String kind;
  private final String version;
  private final SchemaNode root;
  private final CelRules rules;

  private CrdSchemaValidator(String group, String kind, String version, SchemaNode root) {
    this.group = group;
    this.kind = kind;
    this.version = version;
    this.root = root;
    this.rules = CelRules.compile(new SchemaTree(root));
  }

  /** crds/ of the repository: system property crds.dir (set by the POM), else ../crds. */
  public static Path crdsDir() {
    return Path.of(System.getProperty("crds.dir", "../crds"));
  }

  public static List<Path> crdFiles() {
    try (Stream<Path> files = Files.list(crdsDir())) {
      return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CrdSchemaValidator load(Path crdFile) {
    return fromCrd(YamlTrees.read(crdFile));
  }

  private static final Map<String, CrdSchemaValidator> BY_KIND = new ConcurrentHashMap<>();

  /** The validator of the CRD in crds/ that serves this kind (compiled once per test run). */
  public static CrdSchemaValidator forKind(String kind) {
    return BY_KIND.computeIfAbsent(kind, CrdSchemaValidator::loadForKind);
  }

  private static CrdSchemaValidator loadForKind(String kind) {
    return crdFiles().stream()
        .map(CrdSchemaValidator::load)
        .filter(v -> v.kind.equals(kind))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no CRD in " + crdsDir() + " for kind " + kind));
  }

  @SuppressWarnings("unchecked")
  static CrdSchemaValidator fromCrd(Map<String, Object> crd) {
    Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
    String kind = (String) ((Map<String, Object>) spec.get("names")).get("kind");
    // The storage version is the one a resource is validated with in this project (one version).
    Map<String, Object> version = ((List<Map<String, Object>>) spec.get("versions")).stream()
        .filter(v -> Boolean.TRUE.equals(v.get("storage")))
        .findFirst()
        .orElseThrow();
    Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema");
    return new CrdSchemaValidator((String) spec.get("group"), kind, (String) version.get("name"), new SchemaNode(schema));
  }

  public String kind() {
    return kind;
  }

  /** Problems an API server would refuse the CRD itself for: rules that do not compile, non-RE2 patterns. */
  public List<String> crdProblems() {
    List<String> problems = new ArrayList<>(rules.compileErrors());
    problems.addAll(SchemaChecks.problems(new SchemaTree(root)));
    return problems;
  }

  public List<String> rules() {
    return rules.rules();
  }

  public List<String> patterns() {
    return new SchemaTree(root).all().stream()
        .filter(n -> n.node().pattern().isPresent())
        .map(n -> n.path() + ": " + n.node().pattern().get())
        .toList();
  }

  public Verdict validateCreate(Map<String, Object> resource) {
    return validate(YamlTrees.deepCopy(resource), null);
  }

  public Verdict validateUpdate(Map<String, Object> oldResource, Map<String, Object> newResource) {
    // The stored object was defaulted when it was written, so oldSelf sees defaults as well.
    Map<String, Object> old = YamlTrees.deepCopy(oldResource);
    PruningAndDefaulting.applyToResource(root, old);
    return validate(YamlTrees.deepCopy(newResource), old);
  }

  private Verdict validate(Map<String, Object> resource, Map<String, Object> old) {
    // apiVersion, kind and metadata are checked outside the schema; they do not hold CEL back.
    List<FieldError> identity = identityErrors(resource);
    List<FieldError> errors = new ArrayList<>();
    PruningAndDefaulting.applyToResource(root, resource);
    for (Map.Entry<String, SchemaNode> property : root.properties().entrySet()) {
      if (resource.containsKey(property.getKey())) {
        errors.addAll(StructuralValidation.validate(property.getValue(), property.getKey(), resource.get(property.getKey())));
      }
    }
    root.required().stream().filter(name -> !resource.containsKey(name)).forEach(name -> errors.add(FieldError.required(name)));
    if (errors.stream().noneMatch(FieldError::blocksCelRules)) {
      errors.addAll(evaluateRules(root, "", rootView(resource), old == null ? null : rootView(old)));
    } else {
      errors.add(FieldError.invalid("<nil>", "null",
          "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
    }
    identity.addAll(errors);
    return new Verdict(List.copyOf(identity), resource);
  }

  /** Rules run on the schema's own properties; apiVersion, kind and metadata are not part of it. */
  private Map<String, Object> rootView(Map<String, Object> resource) {
    Map<String, Object> view = new LinkedHashMap<>();
    root.properties().keySet().forEach(k -> {
      if (resource.containsKey(k)) {
        view.put(k, resource.get(k));
      }
    });
    return view;
  }

  private List<FieldError> evaluateRules(SchemaNode node, String path, Object value, Object old) {
    List<FieldError> errors = new ArrayList<>(rules.evaluate(node, path, value, old));
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> object = SchemaNode.asMap(m);
      Map<String, Object> oldObject = old instanceof Map<?, ?> o ? SchemaNode.asMap(o) : Map.of();
      if (node.additionalProperties().isPresent()) {
        object.forEach((k, v) -> errors.addAll(
            evaluateRules(node.additionalProperties().get(), path + "[" + k + "]", v, oldObject.get(k))));
      } else {
        node.properties().forEach((name, child) -> {
          if (object.containsKey(name)) {
            errors.addAll(evaluateRules(child, StructuralValidation.child(path, name), object.get(name), oldObject.get(name)));
          }
        });
      }
    } else if (value instanceof List<?> list && node.items().isPresent()) {
      // Atomic lists: items are not correlated with old items, so no oldSelf below a list.
      for (int i = 0; i < list.size(); i++) {
        errors.addAll(evaluateRules(node.items().get(), path + "[" + i + "]", list.get(i), null));
      }
    }
    return errors;
  }

  @SuppressWarnings("unchecked")
  private List<FieldError> identityErrors(Map<String, Object> resource) {
    List<FieldError> errors = new ArrayList<>();
    String apiVersion = group + "/" + version;
    if (!apiVersion.equals(resource.get("apiVersion"))) {
      errors.add(FieldError.invalid("apiVersion", String.valueOf(resource.get("apiVersion")), "this CRD serves " + apiVersion));
    }
    if (!kind.equals(resource.get("kind"))) {
      errors.add(FieldError.invalid("kind", String.valueOf(resource.get("kind")), "this CRD serves " + kind));
    }
    Object metadata = resource.get("metadata");
    if (!(metadata instanceof Map<?, ?> m) || !(((Map<String, Object>) m).get("name") instanceof String)) {
      errors.add(new FieldError(FieldError.Kind.REQUIRED, "metadata.name", null, "name or generateName is required"));
    }
    return errors;
  }

  /** Outcome of one create or update: the errors, and the resource as pruned and defaulted. */
  public record Verdict(List<FieldError> errors, Map<String, Object> resource) {
    public boolean accepted() {
      return errors.isEmpty();
    }

    public List<String> messages() {
      return errors.stream().map(FieldError::toString).toList();
    }
  }
}
