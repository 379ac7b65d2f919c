package dev.presign.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Completion notifications end to end: the operator on the mock API server with S3Proxy, and a real
 * HTTP receiver on 127.0.0.1. Bounds are shortened (3 attempts, 1 s backoff, 1 s timeout) so that
 * giving up takes seconds.
 */
class CompletionNotificationsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String KEY = "a-test-hmac-key-of-more-than-32-bytes-0123456789";
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String TOKEN = "notify-it-token";

  private static WebhookReceiver receiver;
  private static OperatorFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    receiver = WebhookReceiver.start();
    fixture =
        OperatorFixture.startWithSettings(
            Map.of(
                "PRESIGN_NOTIFY_ATTEMPTS", "3",
                "PRESIGN_NOTIFY_BACKOFF_SECONDS", "1",
                "PRESIGN_NOTIFY_TIMEOUT_SECONDS", "1",
                "PRESIGN_NOTIFY_GIVE_UP_SECONDS", "120"));
    Notifications.createSigningKey(fixture, KEY);
    Notifications.createClass(fixture, receiver, "flaky", "/flaky");
    Notifications.createClass(fixture, receiver, "silent", "/silent");
    Notifications.createClass(fixture, receiver, "hooked", "/hooked");
    fixture.auth.register(TOKEN, APP);
    fixture.auth.allow(APP, "get", NS);
    fixture.auth.allow(APP, "delete", NS);
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
  void aReceiverThatFailsTwiceGetsTheEventOnceMoreAndTheConditionSaysDelivered() throws Exception {
    receiver.failFirst("/flaky", 2);
    UploadRequestSpec spec = new UploadRequestSpec("report.pdf", 9);
    spec.setUploadClassName("flaky");
    spec.setMetadata(Map.of("note", "CnryMetadataValue"));
    fixture.create("flaky-report", spec);
    UploadRequest issued = fixture.awaitPhase("flaky-report", Phase.ISSUED);
    byte[] content = "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);
    var posted =
        new MultipartForm()
            .fields(issued.getStatus().getPresignedPost().getFields())
            .file("report.pdf", issued.getStatus().getFileType(), content)
            .postTo(issued.getStatus().getPresignedPost().getUrl());
    assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 299);

    UploadRequest notified =
        Notifications.awaitNotified(
            fixture, "flaky-report", ConditionTypes.STATUS_TRUE, Duration.ofSeconds(30));

    assertThat(notified.getStatus().getPhase()).isEqualTo(Phase.UPLOADED);
    assertThat(Notifications.notified(notified).getReason()).isEqualTo(Reasons.DELIVERED);
    assertThat(Notifications.notified(notified).getMessage()).contains("after 3 attempts");
    assertThat(notified.getStatus().getNotification().getAttempts()).isEqualTo(3);
    List<WebhookReceiver.Received> got = receiver.received("/flaky");
    assertThat(got).extracting(WebhookReceiver.Received::answer).containsExactly(503, 503, 204);
    WebhookReceiver.Received accepted = got.get(2);
    Notifications.assertSignedWith(KEY, accepted);
    assertThat(accepted.header("Content-Type")).isEqualTo("application/cloudevents+json");
    // Every attempt is the same event, byte for byte: one id to deduplicate on.
    assertThat(got.get(0).body()).isEqualTo(accepted.body());
    assertThat(got.get(1).body()).isEqualTo(accepted.body());
    JsonNode event = JSON.readTree(accepted.body());
    String uid = notified.getMetadata().getUid();
    assertThat(event.path("specversion").asText()).isEqualTo("1.0");
    assertThat(event.path("type").asText()).isEqualTo("dev.presign.upload.uploaded");
    assertThat(event.path("id").asText()).isEqualTo(uid + "/Uploaded");
    assertThat(event.path("subject").asText()).isEqualTo("flaky-report");
    assertThat(event.path("data").path("key").asText()).isEqualTo(notified.getStatus().getKey());
    assertThat(event.path("data").path("size").asLong()).isEqualTo(content.length);
    assertThat(event.path("data").path("uploadClassName").asText()).isEqualTo("flaky");
    assertThat(new String(accepted.body(), StandardCharsets.UTF_8))
        .doesNotContain("CnryMetadataValue")
        .doesNotContain("x-amz-signature")
        .doesNotContain("policy");
    assertThat(metrics()).contains("presign_notifications_total{outcome=\"delivered\"}");
  }

  @Test
  void aReceiverThatNeverAnswersCostsBoundedAttemptsAndBlocksNothingElse() throws Exception {
    receiver.neverAnswer("/silent");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      UploadRequestSpec spec = new UploadRequestSpec("never-" + i + ".txt", 5);
      spec.setUploadClassName("silent");
      spec.setExpiresInSeconds(1);
      fixture.create("silent-" + i, spec);
      names.add("silent-" + i);
    }
    // Every sender is held by the silent receiver: the reconciler still signs other uploads.
    Await.until(
        "the receiver holding the senders",
        Duration.ofSeconds(30),
        () -> receiver.holding(),
        holding -> holding >= NotificationLimits.SENDERS);
    long started = System.nanoTime();
    fixture.create("meanwhile", new UploadRequestSpec("meanwhile.pdf", 10));
    fixture.awaitPhase("meanwhile", Phase.ISSUED);
    double issuedAfter = (System.nanoTime() - started) / 1e9;
    int held = receiver.holding();
    System.out.printf(
        "CompletionNotificationsIT: another upload issued in %.2f s while the silent receiver"
            + " held %d of %d senders%n",
        issuedAfter, held, NotificationLimits.SENDERS);
    assertThat(held).as("still holding senders when the other upload was issued").isGreaterThan(0);
    assertThat(issuedAfter).as("seconds to issue meanwhile").isLessThan(10);

    for (String name : names) {
      UploadRequest given =
          Notifications.awaitNotified(
              fixture, name, ConditionTypes.STATUS_FALSE, Duration.ofSeconds(60));
      assertThat(given.getStatus().getPhase()).isEqualTo(Phase.EXPIRED);
      assertThat(Notifications.notified(given).getReason()).isEqualTo(Reasons.DELIVERY_FAILED);
      assertThat(Notifications.notified(given).getMessage())
          .contains("gave up after 3 attempts")
          .contains("no answer within 1 s")
          .doesNotContain("/silent");
      assertThat(given.getStatus().getNotification().getAttempts()).isEqualTo(3);
    }
    assertThat(receiver.received("/silent")).hasSize(3 * names.size());
    System.out.printf(
        "CompletionNotificationsIT: %d events to a silent receiver given up after 3 attempts"
            + " each; all settled %.1f s after every sender was held%n",
        names.size(), (System.nanoTime() - started) / 1e9);
    assertThat(metrics()).contains("presign_notifications_total{outcome=\"failed\"}");
  }

  @Test
  void cancelAndExpiryAreAnnouncedWithTheirOwnTypeAndReason() throws Exception {
    UploadRequestSpec cancelSpec = new UploadRequestSpec("cancel.pdf", 10);
    cancelSpec.setUploadClassName("hooked");
    fixture.create("to-cancel", cancelSpec);
    UploadRequest issued = fixture.awaitPhase("to-cancel", Phase.ISSUED);
    HttpResponse<String> cancelled =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            fixture.apiUrl() + "/api/v1/uploads/" + issued.getMetadata().getUid()))
                    .header("Authorization", "Bearer " + TOKEN)
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    UploadRequestSpec expireSpec = new UploadRequestSpec("expire.pdf", 10);
    expireSpec.setUploadClassName("hooked");
    expireSpec.setExpiresInSeconds(1);
    fixture.create("to-expire", expireSpec);

    Notifications.awaitNotified(
        fixture, "to-cancel", ConditionTypes.STATUS_TRUE, Duration.ofSeconds(30));
    Notifications.awaitNotified(
        fixture, "to-expire", ConditionTypes.STATUS_TRUE, Duration.ofSeconds(30));

    List<JsonNode> events = new ArrayList<>();
    for (WebhookReceiver.Received r : receiver.received("/hooked")) {
      Notifications.assertSignedWith(KEY, r);
      events.add(JSON.readTree(r.body()));
    }
    assertThat(events)
        .extracting(
            e ->
                e.path("subject").asText()
                    + " "
                    + e.path("type").asText()
                    + " "
                    + e.path("data").path("reason").asText())
        .containsExactlyInAnyOrder(
            "to-cancel dev.presign.upload.failed Cancelled",
            "to-expire dev.presign.upload.expired Expired");
  }

  private static String metrics() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(fixture.apiUrl() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
