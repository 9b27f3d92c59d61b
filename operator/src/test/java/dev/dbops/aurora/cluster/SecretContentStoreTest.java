package dev.dbops.aurora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class SecretContentStoreTest {
  final SecretContentStore store = new SecretContentStore();

  static Secret secret(String name, String resourceVersion, boolean ours) {
    SecretBuilder b = new SecretBuilder().withNewMetadata().withName(name).withNamespace("apps")
        .withUid("uid-" + name).withResourceVersion(resourceVersion).endMetadata()
        .addToData("password", "c2VjcmV0");
    if (ours) {
      b.editMetadata().addToLabels(SecretContentStore.MANAGED_BY, SecretContentStore.OPERATOR).endMetadata();
    }
    return b.build();
  }

  @Test
  void keepsOnlyTheVersionOfSecretsTheOperatorDoesNotNeed() {
    store.put("apps/other", secret("other", "1", false));

    Secret stored = store.get("apps/other");
    assertThat(stored.getData()).isNullOrEmpty();
    assertThat(stored.getMetadata().getResourceVersion()).isEqualTo("1");
    assertThat(SecretContentStore.isContentOmitted(stored)).isTrue();
  }

  @Test
  void keepsTheContentOfItsOwnSecrets() {
    store.put("apps/orders-connection", secret("orders-connection", "1", true));

    assertThat(store.get("apps/orders-connection").getData()).containsKey("password");
    assertThat(SecretContentStore.isContentOmitted(store.get("apps/orders-connection"))).isFalse();
  }

  @Test
  void aSecretReadOnceIsKeptWholeFromThenOn() {
    store.put("apps/orders-master", secret("orders-master", "1", false));

    store.keepContentOf(secret("orders-master", "1", false));
    assertThat(store.get("apps/orders-master").getData()).containsKey("password");

    store.put("apps/orders-master", secret("orders-master", "2", false));
    assertThat(store.get("apps/orders-master").getData()).containsKey("password");
    assertThat(store.get("apps/orders-master").getMetadata().getResourceVersion()).isEqualTo("2");
  }

  @Test
  void anOlderReadNeverReplacesANewerVersionOrADeletion() {
    store.put("apps/orders-master", secret("orders-master", "2", false));
    store.keepContentOf(secret("orders-master", "1", false));
    assertThat(store.get("apps/orders-master").getMetadata().getResourceVersion()).isEqualTo("2");

    store.remove("apps/orders-master");
    store.keepContentOf(secret("orders-master", "2", false));
    assertThat(store.get("apps/orders-master")).isNull();
  }
}
