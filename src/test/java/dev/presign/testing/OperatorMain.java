package dev.presign.testing;

import dev.presign.PresignOperator;
import dev.presign.config.OperatorSettings;
import dev.presign.reconciler.ReconcileTimings;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The operator alone in a child JVM for process-level tests ({@link OperatorJvm}): {@link
 * PresignOperator} wired as in production (settings from the environment, production {@link
 * ReconcileTimings}, the system clock) against the API server URL given as the only argument.
 *
 * <p>Protocol: {@code OPERATOR ready port=<http port>} on stdout once it runs; {@code stop} or end
 * of input on stdin stops it. A kill leaves no goodbye, which is the point.
 */
public final class OperatorMain {
  public static final String PREFIX = "OPERATOR ";

  private OperatorMain() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: OperatorMain <api-server-url>");
      System.exit(2);
    }
    int code = 0;
    try {
      run(args[0]);
    } catch (Throwable e) {
      e.printStackTrace();
      code = 1;
    }
    // Vert.x and informer threads are not daemons; the parent waits for this exit.
    System.exit(code);
  }

  /** The client a child operator uses: the given API server only, no kubeconfig, no namespace. */
  public static KubernetesClient clientFor(String url) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder().withMasterUrl(url).withTrustCerts(true).withNamespace(null).build())
        .build();
  }

  private static void run(String url) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    try (KubernetesClient client = clientFor(url);
        PresignOperator operator =
            new PresignOperator(
                settings,
                client,
                Clock.systemUTC(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                ReconcileTimings.defaults(settings.classProbeInterval()))) {
      operator.start();
      System.out.println(PREFIX + "ready port=" + operator.httpPort());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.trim().equals("stop")) {
          break;
        }
      }
    }
  }
}
