package dev.dbops.aurora.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrdReferenceRendererTest {

  private static final String CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.example.dev
      spec:
        group: example.dev
        names: {kind: Widget, plural: widgets, singular: widget, shortNames: [wdg]}
        scope: Namespaced
        versions:
        - name: v1
          schema:
            openAPIV3Schema:
              properties:
                spec:
                  required: [size]
                  x-kubernetes-validations:
                  - {rule: "has(self.size)", message: "size is needed"}
                  properties:
                    size:
                      type: number
                      minimum: 1.0
                      maximum: 256.0
                      default: 2.0
                      description: "Size in <units>."
                      x-kubernetes-validations:
                      - {rule: "self * 2.0 == double(int(self * 2.0))", message: "size must be a multiple of 0.5"}
                    mode:
                      type: string
                      enum: [Fast, Slow]
                      pattern: "^(Fast|Slow)$"
                      description: "How | fast."
                    parts:
                      type: array
                      items:
                        type: object
                        properties:
                          name: {type: string, description: "Part name."}
                    labels:
                      type: object
                      additionalProperties: {type: string}
                status:
                  properties:
                    phase: {type: string}
      """;

  @TempDir Path crds;

  @BeforeEach
  void writeCrd() throws IOException {
    Files.writeString(crds.resolve("widgets.example.dev-v1.yml"), CRD);
    Files.writeString(crds.resolve("notes.txt"), "not a CRD");
  }

  @Test
  void rendersEveryFieldWithTypeDefaultAndConstraints() {
    String doc = CrdReferenceRenderer.render(crds);

    assertThat(doc)
        .contains("## Widget")
        .contains("| apiVersion | `example.dev/v1` |")
        .contains("| short names | `wdg` |")
        .contains("| `spec.size` | number | `2` | required; min 1; max 256; CEL: size must be a multiple of 0.5 |"
            + " Size in &lt;units&gt;. |")
        .contains("| `spec.parts` | []object |")
        .contains("| `spec.parts[].name` | string |  |  | Part name. |")
        .contains("| `spec.labels` | map[string]string |")
        .contains("| `status.phase` | string |");
  }

  @Test
  void keepsPipesInsideTheirCell() {
    assertThat(CrdReferenceRenderer.render(crds))
        .contains("one of `Fast`, `Slow`; pattern `^(Fast\\|Slow)$` | How \\| fast. |");
  }

  @Test
  void listsRulesOnTheWholeSpec() {
    assertThat(CrdReferenceRenderer.render(crds)).contains("CEL rules on the whole spec:\n\n- size is needed\n");
  }
}
