package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The master user and where its password lives. */
@ValidationRule(value = "(has(self.manageMasterUserPassword) && self.manageMasterUserPassword) != has(self.passwordSecretRef)", message = "set exactly one of manageMasterUserPassword: true or passwordSecretRef")
public class MasterCredentialsSpec {

  @JsonPropertyDescription("Master user name.")
  @Default("postgres")
  @Pattern("^[a-zA-Z][a-zA-Z0-9_]{0,62}$")
  private String username;

  @JsonPropertyDescription("Let AWS Secrets Manager create and rotate the password (ManageMasterUserPassword).")
  private boolean manageMasterUserPassword;

  @JsonPropertyDescription("KMS key for the Secrets Manager secret AWS manages.")
  private String masterUserSecretKmsKeyId;

  @JsonPropertyDescription("Kubernetes Secret that holds the password the operator sets.")
  private SecretKeyRef passwordSecretRef;

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public boolean isManageMasterUserPassword() {
    return manageMasterUserPassword;
  }

  public void setManageMasterUserPassword(boolean manageMasterUserPassword) {
    this.manageMasterUserPassword = manageMasterUserPassword;
  }

  public String getMasterUserSecretKmsKeyId() {
    return masterUserSecretKmsKeyId;
  }

  public void setMasterUserSecretKmsKeyId(String masterUserSecretKmsKeyId) {
    this.masterUserSecretKmsKeyId = masterUserSecretKmsKeyId;
  }

  public SecretKeyRef getPasswordSecretRef() {
    return passwordSecretRef;
  }

  public void setPasswordSecretRef(SecretKeyRef passwordSecretRef) {
    this.passwordSecretRef = passwordSecretRef;
  }
}
