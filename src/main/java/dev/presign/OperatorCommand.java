package dev.presign;

import dev.presign.config.OperatorSettings;
import dev.presign.reconciler.ReconcileTimings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code presign-operator run}: the operator and its HTTP API against the cluster of the current
 * kubeconfig, or the in-cluster ServiceAccount, until SIGTERM.
 */
final class OperatorCommand {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

  private OperatorCommand() {}

  static int run(Map<String, String> env, List<String> args, PrintStream err) {
    if (!args.isEmpty()) {
      err.println(
          "presign-operator run: takes no arguments; configure it with PRESIGN_* environment variables (docs/configuration.md)");
      return 2;
    }
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      err.println("presign-operator run: " + e.getMessage());
      return 2;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    PresignOperator operator =
        new PresignOperator(
            settings,
            client,
            Clock.systemUTC(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            ReconcileTimings.defaults(settings.classProbeInterval()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    operator.close();
                    client.close();
                  } catch (Throwable t) {
                    // The JVM is going down; nothing useful can be done with the error here.
                  } finally {
                    stopped.countDown();
                  }
                },
                "presign-shutdown"));
    operator.start();
    LOG.info(
        "presign-operator running: HTTP API on {}:{}, leader election {}, watching {}",
        settings.httpHost(),
        operator.httpPort(),
        settings.leaderElection() ? "on" : "off",
        settings.watchNamespaces().isEmpty() ? "all namespaces" : settings.watchNamespaces());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
