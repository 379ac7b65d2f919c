package dev.presign.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventSignatureTest {
  private static final byte[] KEY =
      "presign-notify-test-key-32-bytes".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BODY = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);

  private final EventSignature signature = new EventSignature();

  /**
   * The vector was made with {@code printf '%s' '1764900000.{"id":"x"}' | openssl dgst -sha256
   * -hmac presign-notify-test-key-32-bytes}: what docs/notifications.md tells a receiver to
   * compute.
   */
  @Test
  void signsTimestampDotBodyWithHmacSha256AsOpensslDoes() {
    assertThat(signature.sign(KEY, 1_764_900_000L, BODY))
        .isEqualTo("sha256=13320ac2fb3eb2c70ad97a7db0a3b5b70e5fcbf34c116af6e2a2891be8050d8d");
  }

  @Test
  void anotherTimestampBodyOrKeyGivesAnotherSignature() {
    String original = signature.sign(KEY, 1_764_900_000L, BODY);

    assertThat(signature.sign(KEY, 1_764_900_001L, BODY)).isNotEqualTo(original);
    assertThat(
            signature.sign(KEY, 1_764_900_000L, "{\"id\":\"y\"}".getBytes(StandardCharsets.UTF_8)))
        .isNotEqualTo(original);
    byte[] otherKey = KEY.clone();
    otherKey[0] ^= 1;
    assertThat(signature.sign(otherKey, 1_764_900_000L, BODY)).isNotEqualTo(original);
  }
}
