package dev.presign.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.KubeAuth;
import dev.presign.testing.MockCluster;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.SignedForms;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Issue 7's load proof: N uploads requested through the HTTP API ({@code POST /api/v1/uploads/},
 * real bearer tokens reviewed on the mock API server) of the operator running in a child JVM with
 * the shipped JVM options, against the fabric8 mock API server and S3Proxy. Open-loop at a fixed
 * rate, spread over several namespaces (each an app with its own ServiceAccount). Then it proves:
 * every request answered 201 exists with exactly the signed form the caller got, every stored
 * request reached Issued, no request was signed twice (a watch over the whole run records every
 * signature each status carried), no 5xx, and a sample of the forms really uploads to S3Proxy.
 * Baselines in the same run, at the same rate on fresh mock API servers without the operator: the
 * creates alone, and every write the operator makes per upload.
 *
 * <p>Run with {@code scripts/load-uploads.sh}; options {@code --count=10000 --rate=50
 * --namespaces=20 --sample-uploads=100 --timeout-seconds=900 --skip-baseline
 * --log-dir=target/load-uploads}. Exits 1 when anything was lost, changed, failed or timed out.
 */
public final class UploadLoadRun {
  /** What the chart and the image ship (helm/presign-operator/values.yaml javaToolOptions). */
  static final String SHIPPED_JVM_OPTIONS =
      "-XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:TieredStopAtLevel=1 -Xss512k"
          + " -XX:ReservedCodeCacheSize=32m -XX:+ExitOnOutOfMemoryError";

  /**
   * The chart's memory limit as the JVM in its container would see it: without it the JVM sizes its
   * heap from this machine's RAM and the RSS says nothing about the Pod.
   */
  static final String CHART_MEMORY_LIMIT = "-XX:MaxRAM=384m";

  private static final int FILE_SIZE = 77_000;
  private static final int ANY_2XX = -2;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LoadGenerator LOAD = new LoadGenerator();

  private final int count;
  private final int rate;
  private final int namespaces;
  private final int sampleUploads;
  private final Duration timeout;
  private final boolean baseline;
  private final Path logDir;
  private final List<String> childJvmOptions;
  private final long startedAt = System.nanoTime();

  private UploadLoadRun(Map<String, String> options, Map<String, String> env) {
    this.count = Integer.parseInt(options.getOrDefault("count", "10000"));
    this.rate = Integer.parseInt(options.getOrDefault("rate", "50"));
    this.namespaces = Integer.parseInt(options.getOrDefault("namespaces", "20"));
    this.sampleUploads = Integer.parseInt(options.getOrDefault("sample-uploads", "100"));
    this.timeout =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-seconds", "900")));
    this.baseline = !options.containsKey("skip-baseline");
    this.logDir = Path.of(options.getOrDefault("log-dir", "target/load-uploads"));
    String opts =
        env.getOrDefault("LOAD_CHILD_JAVA_OPTS", SHIPPED_JVM_OPTIONS + " " + CHART_MEMORY_LIMIT)
            .trim();
    this.childJvmOptions = opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
  }

  public static void main(String[] args) {
    BenchMain.exit(
        args, "LOAD RUN FAILED", options -> new UploadLoadRun(options, System.getenv()).run());
  }

  private boolean run() throws Exception {
    log(
        "cores="
            + Runtime.getRuntime().availableProcessors()
            + " java="
            + System.getProperty("java.version")
            + " count="
            + count
            + " rate="
            + rate
            + "/s namespaces="
            + namespaces
            + " childJvmOptions="
            + childJvmOptions);
    LoadResult bare = baseline ? bareMock(false) : null;
    LoadResult sameWrites = baseline ? bareMock(true) : null;
    Outcome outcome = operator();
    System.out.println();
    System.out.println("== " + count + " uploads through the HTTP API @" + rate + "/s");
    if (bare != null) {
      System.out.println(bare.line());
      System.out.println(sameWrites.line());
    }
    System.out.println(outcome.load().line());
    System.out.println("latency by tenth of the run (p50 / p99 ms), as stored objects grow:");
    if (bare != null) {
      System.out.println("  create only:      " + byTenth(bare));
      System.out.println("  operator's writes: " + byTenth(sameWrites));
    }
    System.out.println("  operator:          " + byTenth(outcome.load()));
    if (bare != null) {
      System.out.printf(
          "p99 ratios: operator / create only %.2f; operator / the operator's writes alone %.2f%n",
          outcome.load().percentileMillis(99) / bare.percentileMillis(99),
          outcome.load().percentileMillis(99) / sameWrites.percentileMillis(99));
    }
    outcome.report().forEach(System.out::println);
    return outcome.passed();
  }

  // ---- baselines: the API server alone

  /**
   * The same uploads straight on a fresh mock API server, no operator: either only the create, or
   * every write the operator makes per upload (found by counting the mock's requests): the create
   * with a name, the status written as a JSON patch conditional on the resourceVersion the create
   * returned (a signed status of the real size), and the Issued Event.
   */
  private LoadResult bareMock(boolean operatorsWrites) throws Exception {
    try (MockCluster cluster = MockCluster.start()) {
      List<String> names = namespaceNames();
      names.forEach(cluster::createNamespace);
      String root = cluster.url().replaceAll("/$", "");
      String base = root + "/apis/uploads.presign.dev/v1alpha1";
      IntFunction<java.util.concurrent.CompletableFuture<HttpResponse<String>>> upload =
          i -> {
            String namespace = names.get(i % names.size());
            String name = "upload-" + i;
            String metadata =
                operatorsWrites ? "{\"name\":\"" + name + "\"}" : "{\"generateName\":\"upload-\"}";
            java.util.concurrent.CompletableFuture<HttpResponse<String>> created =
                LOAD.send(
                    post(
                        base + "/namespaces/" + namespace + "/uploadrequests",
                        "{\"apiVersion\":\"uploads.presign.dev/v1alpha1\",\"kind\":\"UploadRequest\","
                            + "\"metadata\":"
                            + metadata
                            + ",\"spec\":{\"originalFileName\":\"report-"
                            + i
                            + ".pdf\",\"fileSize\":"
                            + FILE_SIZE
                            + "}}"));
            if (!operatorsWrites) {
              return created;
            }
            // A step that fails ends the exchange with its own answer, counted as an error.
            return created
                .thenCompose(
                    response ->
                        response.statusCode() / 100 != 2
                            ? java.util.concurrent.CompletableFuture.completedFuture(response)
                            : LOAD.send(
                                HttpRequest.newBuilder(
                                        URI.create(
                                            base
                                                + "/namespaces/"
                                                + namespace
                                                + "/uploadrequests/"
                                                + name
                                                + "/status"))
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", "application/json-patch+json")
                                    .method(
                                        "PATCH",
                                        HttpRequest.BodyPublishers.ofString(
                                            statusPatch(resourceVersionOf(response.body()), name)))
                                    .build()))
                .thenCompose(
                    patched ->
                        patched.statusCode() / 100 != 2
                            ? java.util.concurrent.CompletableFuture.completedFuture(patched)
                            : LOAD.send(
                                post(
                                    root + "/api/v1/namespaces/" + namespace + "/events",
                                    issuedEvent(namespace, name))));
          };
      String what =
          operatorsWrites
              ? "baseline: the operator's 3 writes, bare mock"
              : "baseline: create on the bare mock";
      log(what + ": " + count + " uploads straight on a fresh mock API server");
      long start = System.nanoTime();
      List<LoadGenerator.Answer> answers =
          LOAD.fixedRateExchanges(upload, rate, count, Duration.ofSeconds(120));
      // The mock answers a create with a name 202, with generateName 201: any 2xx is success.
      return toResult(what, answers, ANY_2XX, start);
    }
  }

  private static HttpRequest post(String url, String json) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static String resourceVersionOf(String createdJson) {
    try {
      return JSON.readTree(createdJson).path("metadata").path("resourceVersion").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  /** A status the size and shape of a real Issued one (a 1 KB policy, the form's fields). */
  private static String statusPatch(String resourceVersion, String name) {
    String key = "media/uploads/" + "0".repeat(32) + "-report.pdf";
    String status =
        "{\"phase\":\"Issued\",\"uploadClassName\":\"default\",\"fileName\":\"report.pdf\","
            + "\"key\":\""
            + key
            + "\",\"bucket\":\"uploads\",\"fileType\":\"application/pdf\",\"uploadTo\":\"uploads\","
            + "\"presignedPost\":{\"url\":\"http://127.0.0.1:9000/uploads\",\"fields\":{\"key\":\""
            + key
            + "\",\"Content-Type\":\"application/pdf\",\"x-amz-algorithm\":\"AWS4-HMAC-SHA256\","
            + "\"x-amz-credential\":\"test-access-key/20261126/us-east-1/s3/aws4_request\","
            + "\"x-amz-date\":\"20261126T120000Z\",\"policy\":\""
            + "A".repeat(1000)
            + "\",\"x-amz-signature\":\""
            + "0".repeat(64)
            + "\"}},\"issuedAt\":\"2026-11-26T12:00:00Z\",\"expiresAt\":\"2026-11-26T13:00:00Z\","
            + "\"observedGeneration\":1,\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
            + "\"reason\":\"Issued\",\"message\":\"signed POST form for "
            + key
            + "\",\"lastTransitionTime\":\"2026-11-26T12:00:00Z\",\"observedGeneration\":1}]}";
    return "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
        + resourceVersion
        + "\"},{\"op\":\"add\",\"path\":\"/status\",\"value\":"
        + status
        + "}]";
  }

  private static String issuedEvent(String namespace, String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\""
        + name
        + ".0a1b2c3d\",\"namespace\":\""
        + namespace
        + "\"},\"involvedObject\":{\"apiVersion\":\"uploads.presign.dev/v1alpha1\","
        + "\"kind\":\"UploadRequest\",\"name\":\""
        + name
        + "\",\"namespace\":\""
        + namespace
        + "\"},\"type\":\"Normal\",\"reason\":\"Issued\",\"message\":\"Signed upload of 77000"
        + " bytes\",\"count\":1,\"source\":{\"component\":\"presign-operator\"}}";
  }

  // ---- the operator

  record Outcome(LoadResult load, List<String> report, boolean passed) {}

  private Outcome operator() throws Exception {
    try (BenchCluster cluster = BenchCluster.start(true)) {
      KubeAuth auth = new KubeAuth(cluster.mock);
      List<String> names = namespaceNames();
      List<String> tokens = new ArrayList<>();
      for (String namespace : names) {
        cluster.mock.createNamespace(namespace);
        String user = "system:serviceaccount:" + namespace + ":app";
        String token = "load-token-" + namespace;
        auth.register(token, user);
        auth.allow(user, "create", namespace);
        tokens.add(token);
      }
      int port = freePort();
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PRESIGN_OPERATOR_NAMESPACE", "presign-system");
      env.put("PRESIGN_LEADER_ELECTION", "false");
      env.put("PRESIGN_HTTP_HOST", "127.0.0.1");
      env.put("PRESIGN_HTTP_PORT", Integer.toString(port));
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      try (OperatorChild child =
              OperatorChild.start(
                  cluster.mock.url(),
                  "operator",
                  childJvmOptions,
                  env,
                  logDir.resolve("operator.log"),
                  Duration.ofSeconds(120));
          SignedForms forms = new SignedForms(cluster.client(), null)) {
        String api = "http://127.0.0.1:" + port;
        cluster.awaitClassReady(Duration.ofSeconds(60));
        awaitReady(api, Duration.ofSeconds(60));
        long rssBefore = child.rss();
        log("operator ready (pid " + child.pid() + ", RSS " + mib(rssBefore) + "); sending");
        IntFunction<HttpRequest> create =
            i ->
                HttpRequest.newBuilder(URI.create(api + "/api/v1/uploads/"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + tokens.get(i % tokens.size()))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"original_file_name\": \"report-"
                                + i
                                + ".pdf\", \"file_size\": \""
                                + FILE_SIZE
                                + "\"}"))
                    .build();
        long start = System.nanoTime();
        // CPU of the two JVMs in each half of the load: which side the time goes to, and how it
        // grows as objects accumulate.
        CpuSample first = CpuSample.take(child.handle());
        java.util.concurrent.CompletableFuture<CpuSample> middle =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> CpuSample.take(child.handle()),
                java.util.concurrent.CompletableFuture.delayedExecutor(
                    count / rate * 500L, java.util.concurrent.TimeUnit.MILLISECONDS));
        List<LoadGenerator.Answer> answers =
            LOAD.fixedRateAnswers(create, rate, count, Duration.ofSeconds(120));
        CpuSample last = CpuSample.take(child.handle());
        LoadResult load = toResult("operator: POST /api/v1/uploads/", answers, 201, start);
        long rssAfterLoad = child.rss();
        log("load done: " + load.line());
        awaitAllIssued(cluster);
        List<String> report = new ArrayList<>();
        report.add("API requests per upload during the load: " + apiRequestsPerUpload(cluster));
        report.add("first half of the load: " + first.until(middle.get()));
        report.add("second half of the load: " + middle.get().until(last));
        boolean passed = verify(answers, storedByUid(cluster), forms, report);
        passed &= sampleUploads(answers, report);
        MemoryFigures memory = child.memory(Duration.ofSeconds(60));
        report.add(
            String.format(
                "operator RSS: before %s, right after the load %s, peak %s; after a full GC: heap"
                    + " used %s, RSS %s",
                mib(rssBefore),
                mib(rssAfterLoad),
                mib(memory.rssPeak()),
                mib(memory.heapUsedAfterGc()),
                mib(memory.rssAfterGc())));
        return new Outcome(load, report, passed);
      }
    }
  }

  /**
   * The mock API server's requests so far by method and resource (names, namespaces and queries
   * dropped), divided by the number of uploads: what each upload costs the API server.
   */
  private String apiRequestsPerUpload(BenchCluster cluster) {
    Map<String, Long> byKind = new TreeMap<>();
    for (String request : cluster.mock.requests()) {
      String[] parts = request.split(" ", 2);
      String path = parts[1].replaceAll("\\?.*", "");
      String kind =
          path.replaceAll("/namespaces/[^/]+", "")
              .replaceAll("^/apis?/([^/]+/)?[^/]+/", "")
              .replaceAll("^([^/]+)/[^/]+", "$1/{name}");
      if (path.contains("watch=true") || request.contains("watch=true")) {
        kind += " (watch)";
      }
      byKind.merge(parts[0] + " " + kind, 1L, Long::sum);
    }
    StringBuilder line = new StringBuilder();
    byKind.forEach(
        (kind, n) -> {
          if (n >= count / 100) {
            line.append(String.format("%s %.2f; ", kind, n / (double) count));
          }
        });
    return line.toString();
  }

  /** What the API server stores now, by uid. */
  private static Map<String, UploadRequest> storedByUid(BenchCluster cluster) {
    Map<String, UploadRequest> stored = new java.util.HashMap<>();
    for (UploadRequest request :
        cluster.client().resources(UploadRequest.class).inAnyNamespace().list().getItems()) {
      stored.put(request.getMetadata().getUid(), request);
    }
    return stored;
  }

  private static boolean isIssued(UploadRequest request) {
    Phase phase = request.getStatus() == null ? null : request.getStatus().getPhase();
    return phase == Phase.ISSUED || phase == Phase.UPLOADED;
  }

  /** Waits until every stored UploadRequest is Issued; bounded by --timeout-seconds. */
  private void awaitAllIssued(BenchCluster cluster) throws Exception {
    long deadline = startedAt + timeout.toNanos();
    while (true) {
      Map<String, UploadRequest> stored = storedByUid(cluster);
      long issued = stored.values().stream().filter(UploadLoadRun::isIssued).count();
      if (issued == stored.size()) {
        log("all " + stored.size() + " stored UploadRequests are Issued");
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            issued
                + " of "
                + stored.size()
                + " UploadRequests Issued within "
                + timeout.toSeconds()
                + "s");
      }
      Thread.sleep(1000);
    }
  }

  /**
   * Every answer against what is stored: nothing lost, each 201's form the one stored, every
   * request signed once over the run (the watch), no 5xx.
   */
  private boolean verify(
      List<LoadGenerator.Answer> answers,
      Map<String, UploadRequest> stored,
      SignedForms forms,
      List<String> report)
      throws IOException {
    Map<Integer, Integer> byStatus = new TreeMap<>();
    Set<String> answeredIds = new HashSet<>();
    int lost = 0;
    int changed = 0;
    int notIssued = 0;
    for (LoadGenerator.Answer answer : answers) {
      byStatus.merge(answer.status(), 1, Integer::sum);
      if (answer.status() != 201 && answer.status() != 503) {
        continue;
      }
      JsonNode body = JSON.readTree(answer.body());
      String id = body.path("id").asText(null);
      if (id == null) {
        continue;
      }
      answeredIds.add(id);
      UploadRequest request = stored.get(id);
      if (request == null) {
        lost++;
        continue;
      }
      if (!isIssued(request)) {
        notIssued++;
      } else if (answer.status() == 201) {
        Map<String, String> fields = new TreeMap<>();
        body.path("presigned_post_data")
            .path("fields")
            .fields()
            .forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        String answered =
            SignedForms.signedForm(
                body.path("key").asText(null), body.path("expires_at").asText(null), fields);
        if (!answered.equals(SignedForms.signedForm(request.getStatus()))) {
          changed++;
        }
      }
    }
    int serverErrors =
        byStatus.entrySet().stream()
            .filter(e -> e.getKey() >= 500)
            .mapToInt(e -> e.getValue())
            .sum();
    int unanswered = byStatus.getOrDefault(0, 0);
    int twice = forms.signedMoreThanOnce().size();
    report.add("answers by HTTP status (0 = no answer): " + byStatus);
    report.add(
        String.format(
            "stored UploadRequests: %d; answered with an id: %d; stored but never answered with an"
                + " id: %d",
            stored.size(), answeredIds.size(), stored.size() - answeredIds.size()));
    report.add(
        String.format(
            "lost (answered, not stored): %d; signed form differs from the answer: %d; not Issued:"
                + " %d; signed more than once: %d; 5xx: %d; no answer: %d",
            lost, changed, notIssued, twice, serverErrors, unanswered));
    return lost == 0
        && changed == 0
        && notIssued == 0
        && twice == 0
        && serverErrors == 0
        && unanswered == 0
        && byStatus.getOrDefault(201, 0) == count;
  }

  /** Uploads a file with an evenly spread sample of the answered forms; each must be accepted. */
  private boolean sampleUploads(List<LoadGenerator.Answer> answers, List<String> report)
      throws Exception {
    List<LoadGenerator.Answer> created = answers.stream().filter(a -> a.status() == 201).toList();
    int n = Math.min(sampleUploads, created.size());
    byte[] content = new byte[FILE_SIZE];
    Arrays.fill(content, (byte) 'x');
    int accepted = 0;
    for (int s = 0; s < n; s++) {
      JsonNode post =
          JSON.readTree(created.get((int) ((long) s * created.size() / n)).body())
              .path("presigned_post_data");
      Map<String, String> fields = new LinkedHashMap<>();
      post.path("fields")
          .fields()
          .forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
      HttpResponse<String> response =
          new MultipartForm()
              .fields(fields)
              .file("report.pdf", fields.getOrDefault("Content-Type", "application/pdf"), content)
              .postTo(post.path("url").asText());
      if (response.statusCode() >= 200 && response.statusCode() < 300) {
        accepted++;
      }
    }
    report.add("sample uploads with the answered forms accepted by S3Proxy: " + accepted + "/" + n);
    return accepted == n;
  }

  // ---- helpers

  /** p50/p99 of each tenth of the requests in the order they were sent. */
  private static String byTenth(LoadResult result) {
    long[] all = result.latenciesNanos();
    StringBuilder line = new StringBuilder();
    for (int t = 0; t < 10; t++) {
      long[] part = Arrays.copyOfRange(all, t * all.length / 10, (t + 1) * all.length / 10);
      LoadResult tenth = new LoadResult("", part, 0, 1);
      line.append(
          String.format(
              "%s%.0f/%.0f",
              t == 0 ? "" : "  ", tenth.percentileMillis(50), tenth.percentileMillis(99)));
    }
    return line.toString();
  }

  private List<String> namespaceNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < namespaces; i++) {
      names.add("load-" + i);
    }
    return names;
  }

  /** Latencies of the answered requests; throughput over the time until the last answer. */
  private static LoadResult toResult(
      String name, List<LoadGenerator.Answer> answers, int expectedStatus, long startNanos) {
    long[] latencies =
        answers.stream()
            .filter(a -> a.latencyNanos() >= 0)
            .mapToLong(a -> a.latencyNanos())
            .toArray();
    java.util.function.Predicate<LoadGenerator.Answer> unexpected =
        a -> expectedStatus == ANY_2XX ? a.status() / 100 != 2 : a.status() != expectedStatus;
    int errors = (int) answers.stream().filter(unexpected).count();
    answers.stream()
        .filter(unexpected)
        .findFirst()
        .ifPresent(
            a ->
                System.out.printf(
                    "%s: first of %d unexpected answers: %d %s%n",
                    name,
                    errors,
                    a.status(),
                    a.body().length() > 300 ? a.body().substring(0, 300) : a.body()));
    return new LoadResult(name, latencies, errors, (System.nanoTime() - startNanos) / 1e9);
  }

  private static void awaitReady(String api, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(api + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new TimeoutException("operator's /readyz not 200 within " + timeout);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String mib(long bytes) {
    return bytes / (1024 * 1024) + " MiB";
  }

  private void log(String message) {
    System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - startedAt) / 1e9, message);
  }
}
