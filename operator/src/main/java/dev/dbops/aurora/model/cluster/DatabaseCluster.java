package dev.dbops.aurora.model.cluster;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An Aurora PostgreSQL Serverless v2 cluster, declared in Kubernetes and kept in that state in AWS. */
@Group("aurora.dbops.dev")
@Version("v1alpha1")
@ShortNames("dbc")
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.engineVersion", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Min ACU", jsonPath = ".status.scaling.minCapacity", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Max ACU", jsonPath = ".status.scaling.maxCapacity", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DatabaseCluster extends CustomResource<DatabaseClusterSpec, DatabaseClusterStatus> implements Namespaced {
  public static final String GROUP = "aurora.dbops.dev";
}
