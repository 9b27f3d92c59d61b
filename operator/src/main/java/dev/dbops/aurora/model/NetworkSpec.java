package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** Where the cluster lives in the VPC. */
public class NetworkSpec {

  @JsonPropertyDescription("DB subnet group; AWS's default VPC when empty.")
  private String dbSubnetGroupName;

  @JsonPropertyDescription("VPC security groups attached to the cluster.")
  private List<String> vpcSecurityGroupIds;

  @JsonPropertyDescription("Port the cluster listens on (default 5432).")
  @Min(1150)
  @Max(65535)
  private Integer port;

  public String getDbSubnetGroupName() {
    return dbSubnetGroupName;
  }

  public void setDbSubnetGroupName(String dbSubnetGroupName) {
    this.dbSubnetGroupName = dbSubnetGroupName;
  }

  public List<String> getVpcSecurityGroupIds() {
    return vpcSecurityGroupIds;
  }

  public void setVpcSecurityGroupIds(List<String> vpcSecurityGroupIds) {
    this.vpcSecurityGroupIds = vpcSecurityGroupIds;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }
}
