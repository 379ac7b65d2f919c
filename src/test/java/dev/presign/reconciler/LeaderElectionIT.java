package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.PresignOperator;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.config.OperatorSettings;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
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

/** Two replicas: one Lease holder reconciles, both serve HTTP, the other takes over on a stop. */
class LeaderElectionIT {
  private static double issued(PrometheusMeterRegistry registry) {
    return registry.get("presign_uploads").tag("phase", "Issued").counter().count();
  }

  private static int healthz(PresignOperator operator) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + operator.httpPort() + "/healthz"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void onlyTheLeaderReconcilesAndAFollowerTakesOver() throws Exception {
    try (OperatorFixture fixture = OperatorFixture.start()) {
      fixture.stopOperator();
      OperatorSettings settings =
          OperatorSettings.fromEnvironment(
              Map.of(
                  "PRESIGN_OPERATOR_NAMESPACE",
                  OperatorFixture.SYSTEM_NAMESPACE,
                  "PRESIGN_LEADER_ELECTION",
                  "true",
                  // A renew deadline of 4 s: shorter ones lose the Lease on a busy machine.
                  "PRESIGN_LEASE_DURATION_SECONDS",
                  "6",
                  "PRESIGN_HTTP_HOST",
                  "127.0.0.1",
                  "PRESIGN_HTTP_PORT",
                  "0"));
      PrometheusMeterRegistry firstMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      PrometheusMeterRegistry secondMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      KubernetesClient firstClient = fixture.cluster.newClient();
      KubernetesClient secondClient = fixture.cluster.newClient();
      PresignOperator first =
          new PresignOperator(
              settings, firstClient, Clock.systemUTC(), firstMetrics, OperatorFixture.FAST);
      PresignOperator second =
          new PresignOperator(
              settings, secondClient, Clock.systemUTC(), secondMetrics, OperatorFixture.FAST);
      try {
        first.start();
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
            l -> l.getSpec().getHolderIdentity() != null);
        second.start();
        for (int i = 0; i < 5; i++) {
          fixture.create("led-" + i, new UploadRequestSpec("f" + i + ".txt", 1));
        }
        for (int i = 0; i < 5; i++) {
          fixture.awaitPhase("led-" + i, Phase.ISSUED);
        }
        Await.until(
            "the leader counts its issues",
            Duration.ofSeconds(30),
            () -> issued(firstMetrics),
            n -> n == 5);
        assertThat(issued(secondMetrics)).isZero();
        assertThat(healthz(first)).isEqualTo(200);
        assertThat(healthz(second)).isEqualTo(200);

        long stoppedAt = System.nanoTime();
        first.close();
        fixture.create("after-failover", new UploadRequestSpec("g.txt", 1));
        fixture.awaitPhase("after-failover", Phase.ISSUED);
        Duration failover = Duration.ofNanos(System.nanoTime() - stoppedAt);
        // The metric follows the status write that landed, a moment after the phase is visible.
        Await.until(
            "the follower counts its issue",
            Duration.ofSeconds(30),
            () -> issued(secondMetrics),
            n -> n == 1);
        // Lease plus a margin for a busy machine; a broken takeover takes far longer (or never).
        assertThat(failover).isLessThan(settings.leaseDuration().plusSeconds(15));
      } finally {
        first.close();
        second.close();
        firstClient.close();
        secondClient.close();
      }
    }
  }
}
