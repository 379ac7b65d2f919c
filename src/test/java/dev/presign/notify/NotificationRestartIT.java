package dev.presign.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * At least once across a restart: a notification that is still being retried when the operator
 * stops is found again from its Notified condition by the next operator, which resumes the count of
 * attempts and delivers it.
 */
class NotificationRestartIT {
  private static final String KEY = "restart-test-hmac-key-0123456789abcdef-0123";

  private static WebhookReceiver receiver;
  private static OperatorFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    receiver = WebhookReceiver.start();
    fixture =
        OperatorFixture.startWithSettings(
            Map.of(
                "PRESIGN_NOTIFY_ATTEMPTS", "5",
                // Long enough that the operator is stopped before the second attempt.
                "PRESIGN_NOTIFY_BACKOFF_SECONDS", "4",
                "PRESIGN_NOTIFY_TIMEOUT_SECONDS", "1",
                "PRESIGN_NOTIFY_GIVE_UP_SECONDS", "120"));
    Notifications.createSigningKey(fixture, KEY);
    Notifications.createClass(fixture, receiver, "later", "/later");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (fixture != null) {
        fixture.close();
      }
    } finally {
      if (receiver != null) {
        receiver.close();
      }
    }
  }

  @Test
  void anUndeliveredEventIsFoundFromItsConditionAndSentAfterARestart() throws Exception {
    receiver.failFirst("/later", 1_000);
    UploadRequestSpec spec = new UploadRequestSpec("later.txt", 5);
    spec.setUploadClassName("later");
    spec.setExpiresInSeconds(1);
    fixture.create("later", spec);
    UploadRequest retrying =
        Await.until(
            "later Notified=Unknown/Retrying",
            Duration.ofSeconds(30),
            () -> fixture.get("later"),
            r ->
                r.getStatus() != null
                    && r.getStatus()
                        .findCondition(ConditionTypes.NOTIFIED)
                        .map(c -> Reasons.RETRYING.equals(c.getReason()))
                        .orElse(false));
    fixture.stopOperator();
    int attemptsBefore = retrying.getStatus().getNotification().getAttempts();
    int receivedBefore = receiver.received("/later").size();
    assertThat(attemptsBefore).isEqualTo(1);
    assertThat(receivedBefore).isEqualTo(1);
    receiver.answerAgain("/later");

    fixture.startOperator();
    UploadRequest delivered =
        Notifications.awaitNotified(
            fixture, "later", ConditionTypes.STATUS_TRUE, Duration.ofSeconds(30));

    assertThat(Notifications.notified(delivered).getReason()).isEqualTo(Reasons.DELIVERED);
    assertThat(delivered.getStatus().getNotification().getAttempts()).isEqualTo(2);
    List<WebhookReceiver.Received> got = receiver.received("/later");
    assertThat(got).extracting(WebhookReceiver.Received::answer).containsExactly(503, 204);
    assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
    Notifications.assertSignedWith(KEY, got.get(1));
  }
}
