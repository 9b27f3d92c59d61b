package dev.dbops.aurora.model.crd;

import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.migration.AuroraMigration;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.File;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Generates the CRDs from the model at build time (process-classes). Fabric8's generator keeps printer
 * columns sorted by JSON path, which would put Age first in {@code kubectl get}; this puts them back in
 * the order the resource class declares them, the order a reader of the model expects.
 */
public final class CrdGeneration {
  private static final List<Class<? extends CustomResource<?, ?>>> KINDS = List.of(DatabaseCluster.class, AuroraMigration.class);

  private CrdGeneration() {}

  public static void main(String[] args) {
    File outputDir = new File(args.length > 0 ? args[0] : "target/classes/META-INF/fabric8");
    if (!outputDir.isDirectory() && !outputDir.mkdirs()) {
      throw new IllegalStateException("cannot create " + outputDir);
    }
    Map<String, Class<?>> kindsByName = Map.of("DatabaseCluster", DatabaseCluster.class, "AuroraMigration", AuroraMigration.class);
    int written = new CRDGenerator()
        .customResourceClasses(KINDS.toArray(Class[]::new))
        .forCRDVersions("v1")
        .withPostProcessor(new CRDPostProcessor() {
          @Override
          public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            if (crd instanceof CustomResourceDefinition definition) {
              Class<?> kind = kindsByName.get(definition.getSpec().getNames().getKind());
              definition.getSpec().getVersions().forEach(v -> orderColumnsAsDeclared(v, kind));
            }
            return crd;
          }
        })
        .inOutputDir(outputDir)
        .generate();
    System.out.println("generated " + written + " CRDs in " + outputDir);
  }

  private static void orderColumnsAsDeclared(CustomResourceDefinitionVersion version, Class<?> kind) {
    List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::jsonPath)
        .toList();
    List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
    if (columns != null) {
      columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getJsonPath())));
    }
  }
}
