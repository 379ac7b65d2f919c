package dev.presign.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.api.v1alpha1.NotifySecretKeyReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef-secret";

  private final Map<String, Secret> stored =
      Map.of(
          "presign-system/hooks",
          new SecretBuilder()
              .withNewMetadata()
              .withNamespace("presign-system")
              .withName("hooks")
              .endMetadata()
              .withData(
                  Map.of(
                      "hmac-key",
                      Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)),
                      "short",
                      Base64.getEncoder()
                          .encodeToString("too-short".getBytes(StandardCharsets.UTF_8))))
              .build());

  private final SigningKeys keys =
      new SigningKeys((ns, name) -> stored.get(ns + "/" + name), Set.of("presign-system"));

  @Test
  void readsTheKeysBytes() {
    assertThat(keys.keyOf(new NotifySecretKeyReference("presign-system", "hooks", "hmac-key")))
        .isEqualTo(KEY.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void saysWhatIsMissingWithoutShowingAValue() {
    assertThatThrownBy(
            () -> keys.keyOf(new NotifySecretKeyReference("team-a", "hooks", "hmac-key")))
        .hasMessageContaining("team-a/hooks")
        .hasMessageContaining("does not read")
        .hasMessageContaining("credentialsNamespaces");
    assertThatThrownBy(
            () -> keys.keyOf(new NotifySecretKeyReference("presign-system", "gone", "hmac-key")))
        .hasMessageContaining("presign-system/gone")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () -> keys.keyOf(new NotifySecretKeyReference("presign-system", "hooks", "other")))
        .hasMessageContaining("no such key");
    assertThatThrownBy(
            () -> keys.keyOf(new NotifySecretKeyReference("presign-system", "hooks", "short")))
        .hasMessageContaining("shorter than 32 bytes")
        .hasMessageNotContaining("too-short");
  }
}
