package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/**
 * What a Serverless v2 cluster looks like, declared once for the two resources that describe one: a
 * DatabaseCluster and the target of an AuroraMigration. A field added here appears in both CRDs and is
 * handed over at cutover by {@link #copyShapeTo}, so the adopting DatabaseCluster keeps what the migration
 * set instead of "correcting" it. Identifier and engine version stay in each spec: they are required in
 * one and defaulted in the other, and CRD validation is per field.
 */
public abstract class ServerlessClusterShape {

  @JsonPropertyDescription("Serverless v2 capacity range.")
  @Required
  private ScalingSpec scaling;

  @JsonPropertyDescription("The db.serverless instances (default: one writer).")
  private InstancesSpec instances;

  @JsonPropertyDescription("Subnet group, security groups and port (a new DatabaseCluster defaults to AWS's default VPC, a migration's target to the source's).")
  private NetworkSpec network;

  @JsonPropertyDescription("Storage encryption (a new DatabaseCluster defaults to encrypted with AWS's key, a migration's target to the snapshot's key).")
  private EncryptionSpec encryption;

  @JsonPropertyDescription("Tags on the cluster and its instances (a migration also tags its snapshot).")
  private Map<String, String> tags;

  /** Copies every shape field to {@code other}: the handover of a migration's target to its adopter. */
  public void copyShapeTo(ServerlessClusterShape other) {
    other.setScaling(scaling);
    other.setInstances(instances);
    other.setNetwork(network);
    other.setEncryption(encryption);
    other.setTags(tags);
  }

  public ScalingSpec getScaling() {
    return scaling;
  }

  public void setScaling(ScalingSpec scaling) {
    this.scaling = scaling;
  }

  public InstancesSpec getInstances() {
    return instances;
  }

  public void setInstances(InstancesSpec instances) {
    this.instances = instances;
  }

  public NetworkSpec getNetwork() {
    return network;
  }

  public void setNetwork(NetworkSpec network) {
    this.network = network;
  }

  public EncryptionSpec getEncryption() {
    return encryption;
  }

  public void setEncryption(EncryptionSpec encryption) {
    this.encryption = encryption;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }
}
