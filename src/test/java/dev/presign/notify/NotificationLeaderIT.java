package dev.presign.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.PresignOperator;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.config.OperatorSettings;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.WebhookReceiver;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One sender: with two replicas, a cancel answered by the follower's HTTP API owes a notification
 * (the follower writes the Failed phase and the Queued condition together), and the leader sends
 * it, found by its sweep. The follower sends nothing.
 */
class NotificationLeaderIT {
  private static final String KEY = "leader-test-hmac-key-0123456789abcdef-0123";
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String TOKEN = "notification-leader-token";

  private static double delivered(PrometheusMeterRegistry registry) {
    return registry.get("presign_notifications").tag("outcome", "delivered").counter().count();
  }

  @Test
  void theFollowersCancelIsAnnouncedOnceByTheLeader() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start();
        OperatorFixture fixture = OperatorFixture.start()) {
      fixture.stopOperator();
      Notifications.createSigningKey(fixture, KEY);
      Notifications.createClass(fixture, receiver, "hooked", "/leader");
      fixture.auth.register(TOKEN, APP);
      fixture.auth.allow(APP, "get", NS);
      fixture.auth.allow(APP, "delete", NS);
      OperatorSettings settings =
          OperatorSettings.fromEnvironment(
              Map.of(
                  "PRESIGN_OPERATOR_NAMESPACE", OperatorFixture.SYSTEM_NAMESPACE,
                  "PRESIGN_LEADER_ELECTION", "true",
                  "PRESIGN_LEASE_DURATION_SECONDS", "6",
                  "PRESIGN_HTTP_HOST", "127.0.0.1",
                  "PRESIGN_HTTP_PORT", "0"));
      PrometheusMeterRegistry leaderMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      PrometheusMeterRegistry followerMetrics =
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      KubernetesClient leaderClient = fixture.cluster.newClient();
      KubernetesClient followerClient = fixture.cluster.newClient();
      PresignOperator leader =
          new PresignOperator(
              settings, leaderClient, Clock.systemUTC(), leaderMetrics, OperatorFixture.FAST);
      PresignOperator follower =
          new PresignOperator(
              settings, followerClient, Clock.systemUTC(), followerMetrics, OperatorFixture.FAST);
      try {
        leader.start();
        Await.until(
            "a lease holder",
            Duration.ofSeconds(60),
            () ->
                fixture
                    .client()
                    .resources(Lease.class)
                    .inNamespace(OperatorFixture.SYSTEM_NAMESPACE)
                    .withName(settings.leaseName())
                    .get(),
            l -> l != null && l.getSpec().getHolderIdentity() != null);
        follower.start();
        UploadRequestSpec spec = new UploadRequestSpec("cancel.pdf", 10);
        spec.setUploadClassName("hooked");
        fixture.create("cancel-on-follower", spec);
        UploadRequest issued = fixture.awaitPhase("cancel-on-follower", Phase.ISSUED);
        Await.until(
            "the follower's cache to see the upload",
            Duration.ofSeconds(10),
            () -> cancel(follower, issued.getMetadata().getUid()),
            status -> status == 200);

        UploadRequest notified =
            Notifications.awaitNotified(
                fixture, "cancel-on-follower", ConditionTypes.STATUS_TRUE, Duration.ofSeconds(60));

        assertThat(notified.getStatus().getPhase()).isEqualTo(Phase.FAILED);
        assertThat(Notifications.notified(notified).getReason()).isEqualTo(Reasons.DELIVERED);
        assertThat(receiver.received("/leader")).hasSize(1);
        Notifications.assertSignedWith(KEY, receiver.received("/leader").get(0));
        Await.until(
            "the leader counts its delivery",
            Duration.ofSeconds(10),
            () -> delivered(leaderMetrics),
            n -> n == 1);
        assertThat(delivered(followerMetrics)).isZero();
      } finally {
        leader.close();
        follower.close();
        leaderClient.close();
        followerClient.close();
      }
    }
  }

  private static int cancel(PresignOperator replica, String uid) {
    try {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + replica.httpPort() + "/api/v1/uploads/" + uid))
                      .header("Authorization", "Bearer " + TOKEN)
                      .DELETE()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return answer.statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
