package dev.presign.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.NotifySecretKeyReference;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadNotify;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.WebhookReceiver;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the notification ITs share: the signing-key Secret, classes that notify a path of the
 * receiver, waiting for a Notified condition, and a receiver-side check of the signature written
 * from docs/notifications.md (not with the operator's own {@link EventSignature}).
 */
final class Notifications {
  static final String SECRET = "notify-hooks";
  static final String SECRET_KEY = "hmac-key";

  private Notifications() {}

  static void createSigningKey(OperatorFixture fixture, String key) {
    fixture
        .client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withNamespace(OperatorFixture.SYSTEM_NAMESPACE)
                .withName(SECRET)
                .endMetadata()
                .withStringData(Map.of(SECRET_KEY, key))
                .build())
        .create();
  }

  /** A copy of the example class, not the default, that notifies {@code path} of the receiver. */
  static void createClass(
      OperatorFixture fixture, WebhookReceiver receiver, String name, String path)
      throws Exception {
    UploadClass uploadClass = fixture.exampleClass();
    uploadClass.getMetadata().setName(name);
    uploadClass.getMetadata().setAnnotations(Map.of());
    uploadClass
        .getSpec()
        .setNotify(
            new UploadNotify(
                receiver.url(path),
                new NotifySecretKeyReference(
                    OperatorFixture.SYSTEM_NAMESPACE, SECRET, SECRET_KEY)));
    fixture.client().resource(uploadClass).create();
  }

  /** The request once its Notified condition has the given status. */
  static UploadRequest awaitNotified(
      OperatorFixture fixture, String name, String status, Duration timeout) {
    return Await.until(
        name + " Notified=" + status,
        timeout,
        () -> fixture.get(name),
        r ->
            r != null
                && r.getStatus() != null
                && r.getStatus()
                    .findCondition(ConditionTypes.NOTIFIED)
                    .map(c -> status.equals(c.getStatus()))
                    .orElse(false));
  }

  static Condition notified(UploadRequest request) {
    return request.getStatus().findCondition(ConditionTypes.NOTIFIED).orElseThrow();
  }

  /** As a receiver does it: HMAC-SHA256 of "{timestamp}.{body}", compared in constant time. */
  static void assertSignedWith(String key, WebhookReceiver.Received received) throws Exception {
    String timestamp = received.header("X-Presign-Timestamp");
    String signature = received.header("X-Presign-Signature");
    assertThat(timestamp).as("timestamp header").matches("[0-9]{10}");
    assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)))
        .as("timestamp is now")
        .isLessThan(300);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(received.body()));
    assertThat(
            java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII)))
        .as("X-Presign-Signature verifies")
        .isTrue();
  }
}
