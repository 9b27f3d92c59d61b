package dev.dbops.aurora.model.migration;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One migration of an Aurora PostgreSQL cluster (Serverless v1, or provisioned/v2 on an old major version)
 * to a Serverless v2 cluster on PostgreSQL 15.
 */
@Group("aurora.dbops.dev")
@Version("v1alpha1")
@ShortNames("amig")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.currentStep", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Source", jsonPath = ".spec.source.clusterIdentifier", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".status.target.identifier", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Target Version", jsonPath = ".status.targetEngineVersion", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.stepProgress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Read-only For", jsonPath = ".status.readOnlyWindow.duration", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class AuroraMigration extends CustomResource<AuroraMigrationSpec, AuroraMigrationStatus> implements Namespaced {}
