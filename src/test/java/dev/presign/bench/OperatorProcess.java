package dev.presign.bench;

import dev.presign.PresignOperator;
import dev.presign.config.OperatorSettings;
import dev.presign.reconciler.ReconcileTimings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import javax.management.ObjectName;

/**
 * The operator alone in its own JVM, for {@link OperatorThroughputBenchmark}: builds {@link
 * PresignOperator} exactly as production wiring does (settings from the environment, production
 * {@link ReconcileTimings}) against the API server URL given as the first argument.
 *
 * <p>Mode {@code operator} starts it; mode {@code idle} builds the same objects, makes one API call
 * and does not start it, so the parent can measure the same JVM without the operator running.
 *
 * <p>Protocol: lines on stdout starting with {@code BENCH } are for the parent ({@code BENCH
 * ready}, {@code BENCH memory k=v ...}, {@code BENCH stopped}); everything else is log. On stdin,
 * {@code memory} asks for {@link MemoryFigures}, {@code stop} or end of input (the parent died)
 * stops the operator and exits.
 */
public final class OperatorProcess {
  static final String PREFIX = "BENCH ";

  private OperatorProcess() {}

  public static void main(String[] args) {
    if (args.length != 2 || !(args[1].equals("operator") || args[1].equals("idle"))) {
      System.err.println("usage: OperatorProcess <api-server-url> operator|idle");
      System.exit(2);
    }
    int code = 0;
    try {
      run(args[0], args[1].equals("operator"));
    } catch (Throwable e) {
      e.printStackTrace();
      code = 1;
    }
    // Vert.x and informer threads are not daemons; the parent waits for this exit.
    System.exit(code);
  }

  private static void run(String url, boolean start) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = dev.presign.testing.OperatorMain.clientFor(url);
    PresignOperator operator =
        new PresignOperator(
            settings,
            client,
            Clock.systemUTC(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            timings(settings));
    try {
      // One call in both modes, so the idle JVM has its HTTP client up too.
      client.namespaces().withName(settings.operatorNamespace()).get();
      if (start) {
        operator.start();
      }
      say(
          "ready reconcileThreads="
              + settings.reconcileThreads()
              + " firstCheck="
              + timings(settings).firstCheck().toSeconds()
              + "s");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String command = line.trim();
        if (command.equals("memory")) {
          say("memory " + MemoryFigures.ofThisJvm().toLine());
          diagnostics();
        } else if (command.equals("stats")) {
          say("stats " + S3CallCounter.snapshot());
        } else if (command.equals("stop")) {
          break;
        }
      }
    } finally {
      if (start) {
        operator.close();
      }
      client.close();
      say("stopped");
    }
  }

  /**
   * Production timings; {@code BENCH_FIRST_CHECK_SECONDS} replaces only the delay before the first
   * HeadObject after issuing, for what-if runs.
   */
  private static ReconcileTimings timings(OperatorSettings settings) {
    ReconcileTimings production = ReconcileTimings.defaults(settings.classProbeInterval());
    String firstCheck = System.getenv("BENCH_FIRST_CHECK_SECONDS");
    if (firstCheck == null || firstCheck.isBlank()) {
      return production;
    }
    return new ReconcileTimings(
        Duration.ofSeconds(Long.parseLong(firstCheck.trim())),
        production.maxCheckInterval(),
        production.classNotReadyRetry(),
        production.classLookupGrace(),
        production.expiryGrace(),
        production.classProbeInterval(),
        production.classProbeRetry(),
        production.receiverGrace());
  }

  /**
   * Into the log (stdout without the prefix): native memory by category, when the JVM runs with
   * {@code -XX:NativeMemoryTracking=summary}, and the largest classes on the heap.
   */
  private static void diagnostics() {
    try {
      ObjectName dcmd = new ObjectName("com.sun.management:type=DiagnosticCommand");
      var server = ManagementFactory.getPlatformMBeanServer();
      String[] signature = {String[].class.getName()};
      System.out.println(
          server.invoke(
              dcmd, "vmNativeMemory", new Object[] {new String[] {"summary"}}, signature));
      String histogram =
          (String) server.invoke(dcmd, "gcClassHistogram", new Object[] {new String[0]}, signature);
      histogram.lines().limit(40).forEach(System.out::println);
      System.out.flush();
    } catch (Exception e) {
      System.out.println("diagnostics unavailable: " + e);
    }
  }

  private static void say(String message) {
    synchronized (System.out) {
      System.out.println(PREFIX + message);
      System.out.flush();
    }
  }
}
