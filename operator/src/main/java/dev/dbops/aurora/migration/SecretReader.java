package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.SecretKeyRef;

/** Reads one key of a Kubernetes Secret in the resource's namespace. */
@FunctionalInterface
public interface SecretReader {
  /** Throws {@link MissingSecretException} when the Secret or key is absent. */
  SecretValue read(String namespace, SecretKeyRef ref);

  /** The referenced Secret or key does not exist (yet): a user error, reported without any value. */
  class MissingSecretException extends RuntimeException {
    public MissingSecretException(String message) {
      super(message);
    }
  }
}
