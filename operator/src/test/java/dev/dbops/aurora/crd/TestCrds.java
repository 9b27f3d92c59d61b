package dev.dbops.aurora.crd;

/** Small inline CRDs (kind Widget) for testing the validator on schemas crds/ does not have. */
final class TestCrds {

  private TestCrds() {}

  /** A CRD whose spec has the given schema (YAML, unindented). */
  static CrdSchemaValidator withSpec(String specSchema) {
    String indented = specSchema.indent(14);
    String crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.test.dbops.dev
        spec:
          group: test.dbops.dev
          names: {kind: Widget, plural: widgets}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
        """ + indented;
    return CrdSchemaValidator.fromCrd(YamlTrees.parse(crd));
  }

  /** A Widget with the given spec (YAML, unindented). */
  static java.util.Map<String, Object> widget(String spec) {
    return YamlTrees.parse("""
        apiVersion: test.dbops.dev/v1
        kind: Widget
        metadata:
          name: w
        spec:
        """ + spec.indent(2));
  }
}
