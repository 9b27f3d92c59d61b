package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** Storage encryption at rest. */
@ValidationRule(value = "!has(self.kmsKeyId) || self.storageEncrypted", message = "kmsKeyId requires storageEncrypted: true")
public class EncryptionSpec {

  @JsonPropertyDescription("Encrypt the cluster's storage.")
  @Default("true")
  private boolean storageEncrypted;

  @JsonPropertyDescription("KMS key ARN or id; AWS's managed key when empty.")
  private String kmsKeyId;

  public boolean isStorageEncrypted() {
    return storageEncrypted;
  }

  public void setStorageEncrypted(boolean storageEncrypted) {
    this.storageEncrypted = storageEncrypted;
  }

  public String getKmsKeyId() {
    return kmsKeyId;
  }

  public void setKmsKeyId(String kmsKeyId) {
    this.kmsKeyId = kmsKeyId;
  }
}
