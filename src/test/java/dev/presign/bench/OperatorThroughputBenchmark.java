package dev.presign.bench;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.PresignedPost;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.MultipartForm;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * End-to-end benchmark of the operator (not a test; run with {@code scripts/bench-operator.sh}).
 *
 * <ol>
 *   <li>Baseline: on a fresh mock API server with no operator, create N UploadRequests (one client,
 *       a fixed pool of threads) and time first create to last acknowledgement.
 *   <li>Operator run: on another fresh mock API server with S3Proxy, the example Secret and
 *       UploadClass, and the operator running in a child JVM ({@link OperatorProcess}, production
 *       settings and timings, leader election off), create the same N requests with the same client
 *       set-up and time first create until a watch has seen all N Issued; then check every one
 *       carries a signed POST form and upload through two of them. Ratio = operator / baseline,
 *       where the baseline is the mean of the baselines measured right before and right after.
 *   <li>Memory: with M requests Issued (so in the operator's informer cache), the operator child's
 *       heap after GC and RSS; then the same child JVM in {@code idle} mode (operator built but not
 *       started) on the same API server contents; the difference is the operator's.
 * </ol>
 *
 * <p>Every wait is bounded by the phase timeout, and a watchdog exits the JVM (killing the child
 * through a shutdown hook) if a phase overruns it by a minute.
 *
 * <p>Options: {@code --requests=2000 --memory-requests=10000 --threads=4 --rounds=1
 * --phase-timeout-seconds=300 --memory-timeout-seconds=300 --skip-memory
 * --discard-events=memory|none|all --log-dir=target/bench-operator}. {@code --discard-events}: the
 * mock API server scans every stored object on each request, so in the memory phase (by default)
 * Event creates are answered without storing them, to keep 10,000 requests within the timeout;
 * {@code all} does the same in the operator runs, as a what-if.
 *
 * <p>Environment: {@code BENCH_CHILD_JAVA_OPTS} (JVM options of the operator child, default none),
 * any {@code PRESIGN_*} setting (passed to the child) and {@code BENCH_FIRST_CHECK_SECONDS}
 * (what-if: the delay before the first HeadObject after issuing; production default otherwise).
 */
public final class OperatorThroughputBenchmark {
  private static final Duration SETTLE = Duration.ofSeconds(5);
  private static final Duration CHILD_START = Duration.ofSeconds(60);
  private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");

  private final int requests;
  private final int memoryRequests;
  private final int threads;
  private final int rounds;
  private final Duration phaseTimeout;
  private final Duration memoryTimeout;
  private final boolean memory;
  private final boolean discardEventsInRuns;
  private final boolean discardEventsInMemory;
  private final Path logDir;
  private final List<String> childJvmOptions;
  private final Map<String, String> childEnvironment;
  private final long startedAt = System.nanoTime();
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-watchdog");
            t.setDaemon(true);
            return t;
          });

  private OperatorThroughputBenchmark(Map<String, String> options, Map<String, String> env) {
    this.requests = Integer.parseInt(options.getOrDefault("requests", "2000"));
    this.memoryRequests = Integer.parseInt(options.getOrDefault("memory-requests", "10000"));
    this.threads = Integer.parseInt(options.getOrDefault("threads", "4"));
    this.rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));
    this.phaseTimeout =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("phase-timeout-seconds", "300")));
    this.memoryTimeout =
        Duration.ofSeconds(
            Long.parseLong(
                options.getOrDefault(
                    "memory-timeout-seconds", Long.toString(phaseTimeout.toSeconds()))));
    this.memory = !options.containsKey("skip-memory");
    String discard = options.getOrDefault("discard-events", "memory");
    if (!List.of("none", "memory", "all").contains(discard)) {
      throw new IllegalArgumentException("--discard-events is none, memory or all");
    }
    this.discardEventsInRuns = discard.equals("all");
    this.discardEventsInMemory = !discard.equals("none");
    this.logDir = Path.of(options.getOrDefault("log-dir", "target/bench-operator"));
    String opts = env.getOrDefault("BENCH_CHILD_JAVA_OPTS", "").trim();
    this.childJvmOptions = opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
    Map<String, String> childEnv = new LinkedHashMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("PRESIGN_")) {
            childEnv.put(k, v);
          }
        });
    // What the benchmark needs; everything else stays at the production default.
    childEnv.put("PRESIGN_OPERATOR_NAMESPACE", "presign-system");
    childEnv.put("PRESIGN_LEADER_ELECTION", "false");
    childEnv.put("AWS_EC2_METADATA_DISABLED", "true");
    this.childEnvironment = Map.copyOf(childEnv);
  }

  public static void main(String[] args) {
    BenchMain.exit(
        args,
        "BENCHMARK FAILED",
        options -> {
          new OperatorThroughputBenchmark(options, System.getenv()).run();
          return true;
        });
  }

  private void run() throws Exception {
    log(
        "cores="
            + Runtime.getRuntime().availableProcessors()
            + " java="
            + System.getProperty("java.version")
            + " requests="
            + requests
            + " memoryRequests="
            + (memory ? memoryRequests : 0)
            + " createThreads="
            + threads
            + " rounds="
            + rounds
            + " eventsDiscardedIn="
            + (discardEventsInRuns ? "runs+" : "")
            + (discardEventsInMemory ? "memory" : "-")
            + " childJvmOptions="
            + childJvmOptions
            + " childEnv="
            + childEnvironment.keySet());

    phase("warm-up (not reported)", () -> baseline("warm-up"));
    List<Baseline> baselines = new ArrayList<>();
    List<OperatorRun> runs = new ArrayList<>();
    baselines.add(phase("baseline 1", () -> baseline("baseline-1")));
    for (int round = 1; round <= rounds; round++) {
      String name = "operator-" + round;
      runs.add(phase("operator run " + round, () -> operatorRun(name)));
      int next = round + 1;
      baselines.add(phase("baseline " + next, () -> baseline("baseline-" + next)));
    }
    MemoryRun memoryRun = memory ? phase("memory", memoryTimeout, this::memoryRun) : null;
    report(baselines, runs, memoryRun);
  }

  // ---- phases

  record Baseline(Duration creates, double cpuCoreSeconds, String cpu) {}

  private Baseline baseline(String name) throws Exception {
    System.gc();
    try (BenchCluster cluster = BenchCluster.start(true);
        IssuedWatch watch = new IssuedWatch(cluster.client(), requests)) {
      CpuSample before = CpuSample.take(null);
      RequestCreator.Timing timing =
          new RequestCreator(cluster.client(), threads).createAll(requests, phaseTimeout);
      CpuSample after = CpuSample.take(null);
      int stored =
          cluster
              .client()
              .resources(UploadRequest.class)
              .inNamespace(BenchCluster.NAMESPACE)
              .list()
              .getItems()
              .size();
      if (stored != requests) {
        throw new IllegalStateException(name + ": " + stored + " stored, expected " + requests);
      }
      log(name + ": " + requests + " creates in " + seconds(timing.elapsed()));
      log(name + ": " + before.until(after));
      return new Baseline(timing.elapsed(), before.selfCoreSeconds(after), before.until(after));
    }
  }

  record OperatorRun(
      Duration creates,
      Duration allIssued,
      RequestProfile profile,
      long childRss,
      long childPeakRss,
      String childReady,
      double cpuCoreSeconds,
      String cpu,
      String s3Calls) {}

  private OperatorRun operatorRun(String name) throws Exception {
    System.gc();
    try (BenchCluster cluster = BenchCluster.start(true);
        OperatorChild child = startChild(cluster, "operator", name)) {
      if (discardEventsInRuns) {
        cluster.discardEvents();
      }
      cluster.awaitClassReady(CHILD_START);
      int before = cluster.mock.requests().size();
      RequestCreator.Timing timing;
      long allIssuedAt;
      CpuSample cpuBefore;
      CpuSample cpuAfter;
      try (IssuedWatch watch = new IssuedWatch(cluster.client(), requests)) {
        cpuBefore = CpuSample.take(child.handle());
        timing = new RequestCreator(cluster.client(), threads).createAll(requests, phaseTimeout);
        allIssuedAt = watch.awaitAllIssued(phaseTimeout.minus(timing.elapsed()));
        cpuAfter = CpuSample.take(child.handle());
        if (watch.watchClosedEarly()) {
          log(name + ": the watch closed early; completion was seen by polling");
        }
      }
      Duration allIssued = Duration.ofNanos(allIssuedAt - timing.startNanos());
      List<String> served = cluster.mock.requests();
      RequestProfile profile = RequestProfile.of(served.subList(before, served.size()), requests);
      String s3Calls = child.s3Calls(Duration.ofSeconds(30));
      List<UploadRequest> issued = verifyAllIssued(cluster, requests);
      uploadThrough(issued.subList(0, 2));
      log(
          name
              + ": creates "
              + seconds(timing.elapsed())
              + ", all "
              + requests
              + " Issued "
              + seconds(allIssued)
              + " after the first create; "
              + profile.total()
              + " API requests; operator S3 calls: "
              + s3Calls);
      log(name + ": " + cpuBefore.until(cpuAfter));
      return new OperatorRun(
          timing.elapsed(),
          allIssued,
          profile,
          child.rss(),
          child.peakRss(),
          child.readyLine(),
          cpuBefore.selfCoreSeconds(cpuAfter) + cpuBefore.childCoreSeconds(cpuAfter),
          cpuBefore.until(cpuAfter),
          s3Calls);
    }
  }

  record MemoryRun(
      MemoryFigures operator,
      MemoryFigures idle,
      MemoryFigures parent,
      Duration allIssued,
      String childReady,
      String cpu,
      String s3Calls) {}

  private MemoryRun memoryRun() throws Exception {
    System.gc();
    try (BenchCluster cluster = BenchCluster.start(true)) {
      if (discardEventsInMemory) {
        cluster.discardEvents();
      }
      MemoryFigures operatorFigures;
      Duration allIssued;
      String ready;
      String cpu;
      String s3Calls;
      try (OperatorChild child = startChild(cluster, "operator", "memory-operator")) {
        ready = child.readyLine();
        cluster.awaitClassReady(CHILD_START);
        try (IssuedWatch watch = new IssuedWatch(cluster.client(), memoryRequests)) {
          CpuSample cpuBefore = CpuSample.take(child.handle());
          RequestCreator.Timing timing =
              new RequestCreator(cluster.client(), threads)
                  .createAll(memoryRequests, memoryTimeout);
          long at = watch.awaitAllIssued(memoryTimeout.minus(timing.elapsed()));
          cpu = cpuBefore.until(CpuSample.take(child.handle()));
          allIssued = Duration.ofNanos(at - timing.startNanos());
        }
        s3Calls = child.s3Calls(Duration.ofSeconds(30));
        verifyAllIssued(cluster, memoryRequests);
        log("memory: all " + memoryRequests + " Issued after " + seconds(allIssued) + "; " + cpu);
        Thread.sleep(SETTLE.toMillis());
        operatorFigures = child.memory(Duration.ofSeconds(60));
        s3Calls += "; " + SETTLE.toSeconds() + " s later: " + child.s3Calls(Duration.ofSeconds(30));
        log("memory: operator child " + operatorFigures.describe());
      }
      // Same API server contents, operator stopped: the JVM that holds the mock server and
      // S3Proxy, and a child JVM like the operator's that does not start the operator.
      MemoryFigures parentFigures = MemoryFigures.ofThisJvm();
      MemoryFigures idleFigures;
      try (OperatorChild idle = startChild(cluster, "idle", "memory-idle")) {
        Thread.sleep(SETTLE.toMillis());
        idleFigures = idle.memory(Duration.ofSeconds(60));
        log("memory: idle child " + idleFigures.describe());
      }
      return new MemoryRun(
          operatorFigures, idleFigures, parentFigures, allIssued, ready, cpu, s3Calls);
    }
  }

  // ---- helpers

  private OperatorChild startChild(BenchCluster cluster, String mode, String name)
      throws Exception {
    OperatorChild child =
        OperatorChild.start(
            cluster.mock.url(),
            mode,
            childJvmOptions,
            childEnvironment,
            logDir.resolve(name + "-child.log"),
            CHILD_START);
    log(name + ": " + mode + " child pid " + child.pid() + " " + child.readyLine());
    return child;
  }

  /** Every request Issued with a signed POST form whose key is the status key. */
  private List<UploadRequest> verifyAllIssued(BenchCluster cluster, int expected) {
    List<UploadRequest> items =
        cluster
            .client()
            .resources(UploadRequest.class)
            .inNamespace(BenchCluster.NAMESPACE)
            .list()
            .getItems();
    if (items.size() != expected) {
      throw new IllegalStateException(
          items.size() + " UploadRequests stored, expected " + expected);
    }
    for (UploadRequest item : items) {
      var status = item.getStatus();
      String name = item.getMetadata().getName();
      if (status == null || status.getPhase() != Phase.ISSUED) {
        throw new IllegalStateException(
            name + " is " + (status == null ? "without status" : status.getPhase()));
      }
      PresignedPost post = status.getPresignedPost();
      if (post == null
          || post.getUrl() == null
          || post.getFields() == null
          || post.getFields().get("policy") == null
          || !status.getKey().equals(post.getFields().get("key"))
          || !SIGNATURE.matcher(post.getFields().getOrDefault("x-amz-signature", "")).matches()) {
        throw new IllegalStateException(name + " has no signed POST form: " + post);
      }
    }
    return items;
  }

  /** Proves the signatures are real: S3Proxy enforces the POST policy like S3. */
  private static void uploadThrough(List<UploadRequest> issued) throws Exception {
    for (UploadRequest request : issued) {
      var post = request.getStatus().getPresignedPost();
      byte[] content = new byte[request.getSpec().getFileSize().intValue()];
      Arrays.fill(content, (byte) 'x');
      HttpResponse<String> response =
          new MultipartForm()
              .fields(post.getFields())
              .file(
                  request.getSpec().getOriginalFileName(),
                  request.getStatus().getFileType(),
                  content)
              .postTo(post.getUrl());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "upload through "
                + request.getMetadata().getName()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
    }
  }

  interface PhaseBody<T> {
    T run() throws Exception;
  }

  private <T> T phase(String name, PhaseBody<T> body) throws Exception {
    return phase(name, phaseTimeout, body);
  }

  private <T> T phase(String name, Duration timeout, PhaseBody<T> body) throws Exception {
    log(name + " ...");
    Duration hardLimit = timeout.plusSeconds(60);
    ScheduledFuture<?> guard =
        watchdog.schedule(
            () -> {
              System.err.println(
                  "BENCHMARK FAILED: phase '" + name + "' overran its hard limit of " + hardLimit);
              System.exit(3);
            },
            hardLimit.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return body.run();
    } finally {
      guard.cancel(false);
    }
  }

  private void report(List<Baseline> baselines, List<OperatorRun> runs, MemoryRun memoryRun) {
    StringBuilder out = new StringBuilder();
    out.append("\n=== Operator benchmark report ===\n");
    out.append(
        String.format(
            "machine: %d cores; operator child JVM options: %s; create threads: %d%n",
            Runtime.getRuntime().availableProcessors(),
            childJvmOptions.isEmpty() ? "(JVM defaults)" : String.join(" ", childJvmOptions),
            threads));
    if (discardEventsInRuns) {
      out.append(
          "WHAT-IF: in the operator runs the API server answered Event creates without storing"
              + " them (--discard-events=all); the ratio below is not the plain benchmark\n");
    }
    out.append("baselines (").append(requests).append(" creates, no operator):");
    for (Baseline b : baselines) {
      out.append(' ').append(seconds(b.creates()));
    }
    out.append('\n');
    for (int i = 0; i < runs.size(); i++) {
      OperatorRun run = runs.get(i);
      Baseline before = baselines.get(i);
      Baseline after = baselines.get(i + 1);
      double baseline = (before.creates().toNanos() + after.creates().toNanos()) / 2.0;
      double ratio = run.allIssued().toNanos() / baseline;
      double baselineCpu = (before.cpuCoreSeconds() + after.cpuCoreSeconds()) / 2.0;
      out.append(
          String.format(
              Locale.ROOT,
              "operator run %d: creates %s, all %d Issued %s after the first create;"
                  + " baseline %s; RATIO %.2f (goal <= 2.0: %s)%n",
              i + 1,
              seconds(run.creates()),
              requests,
              seconds(run.allIssued()),
              seconds(Duration.ofNanos((long) baseline)),
              ratio,
              ratio <= 2.0 ? "met" : "MISSED"));
      out.append(
          String.format(
              Locale.ROOT,
              "  CPU ratio (benchmark JVM + operator JVM) / baseline: %.2f; %s%n",
              run.cpuCoreSeconds() / baselineCpu,
              run.cpu()));
      out.append("  S3 calls by the operator: ").append(run.s3Calls()).append('\n');
      out.append(
          String.format(
              "  operator child (%s): RSS %s at the end, peak %s%n",
              run.childReady(),
              MemoryFigures.mib(run.childRss()),
              MemoryFigures.mib(run.childPeakRss())));
      out.append("  API requests served during the run:\n").append(run.profile().describe());
    }
    if (memoryRun != null) {
      MemoryFigures op = memoryRun.operator();
      MemoryFigures idle = memoryRun.idle();
      out.append(
          String.format(
              "memory with %d Issued UploadRequests (all Issued %s after the first create%s):%n",
              memoryRequests,
              seconds(memoryRun.allIssued()),
              discardEventsInMemory ? "; Events answered by the API server without storing" : ""));
      out.append("  ").append(memoryRun.cpu()).append('\n');
      out.append("  S3 calls by the operator: ").append(memoryRun.s3Calls()).append('\n');
      out.append("  operator child:           ").append(op.describe()).append('\n');
      out.append("  idle child (not started): ").append(idle.describe()).append('\n');
      out.append(
          String.format(
              "  operator - idle: heap after GC %s, RSS %s (after GC %s)%n",
              MemoryFigures.mib(op.heapUsedAfterGc() - idle.heapUsedAfterGc()),
              MemoryFigures.mib(op.rssBeforeGc() - idle.rssBeforeGc()),
              MemoryFigures.mib(op.rssAfterGc() - idle.rssAfterGc())));
      out.append(
              "  benchmark JVM (mock API server + S3Proxy + "
                  + memoryRequests
                  + " requests, operator stopped): ")
          .append(memoryRun.parent().describe())
          .append('\n');
      out.append(
          String.format(
              "  operator RSS %s (goal <= 300 MiB: %s)%n",
              MemoryFigures.mib(op.rssBeforeGc()),
              op.rssBeforeGc() <= 300L * 1024 * 1024 ? "met" : "MISSED"));
    }
    System.out.print(out);
    System.out.flush();
  }

  private void log(String message) {
    System.out.printf(Locale.ROOT, "[%7.1fs] %s%n", (System.nanoTime() - startedAt) / 1e9, message);
    System.out.flush();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
  }
}
