package dev.presign.bench;

import dev.presign.testing.MockCluster;
import dev.presign.testing.OperatorFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Load on {@code POST /api/v1/uploads/} of the operator running on the mock API server and S3Proxy
 * (all in this JVM, auth cached after the first request), with two baselines measured in the same
 * run: a no-op Vert.x route of the same server ({@code /healthz}), and creating the same
 * UploadRequests straight on a fresh mock API server (what the API server alone sustains). Every
 * step starts on fresh servers, since the mock API server slows down as objects accumulate. Run
 * with {@code scripts/bench-http.sh [seconds-at-200-rps]}; see docs/performance.md.
 */
public final class HttpLoadBenchmark {
  private static final String BODY =
      "{\"original_file_name\": \"lorem-ipsum.pdf\", \"file_size\": \"77000\"}";
  private static final LoadGenerator LOAD = new LoadGenerator();

  private HttpLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sustainSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    List<LoadResult> results = new ArrayList<>();
    results.add(onOperator("baseline no-op GET /healthz @200/s", false, 200, sustainSeconds));
    results.add(onBareMock("baseline create on the mock API @200/s", 200, sustainSeconds));
    results.add(onOperator("POST /api/v1/uploads/ @200/s", true, 200, sustainSeconds));
    int highest = 0;
    for (int rate : new int[] {25, 50, 100, 150}) {
      LoadResult step = onOperator("POST /api/v1/uploads/ @" + rate + "/s (15 s)", true, rate, 15);
      results.add(step);
      if (step.errors() == 0 && step.percentileMillis(99) <= 50) {
        highest = rate;
      }
    }
    try (OperatorFixture fixture = started()) {
      results.add(
          LOAD.saturation(
              "no-op saturation (16 clients, 15 s)",
              noop(fixture),
              200,
              16,
              Duration.ofSeconds(15)));
    }
    try (OperatorFixture fixture = started()) {
      results.add(
          LOAD.saturation(
              "POST saturation (16 clients, 15 s)",
              create(fixture),
              201,
              16,
              Duration.ofSeconds(15)));
    }

    System.out.println();
    System.out.println(
        "== HTTP API load (2 cores: operator, mock API server, S3Proxy and load generator share them)");
    results.forEach(r -> System.out.println(r.line()));
    System.out.println(
        "highest tested rate of POST /api/v1/uploads/ with p99 <= 50 ms and no errors: "
            + (highest == 0 ? "none" : highest + " req/s"));
  }

  private static OperatorFixture started() throws Exception {
    // It measures what one replica can serve from one namespace, so the per-namespace abuse limits
    // (50/s by default, docs/security.md) are off; with them most of the load would be a 429.
    OperatorFixture fixture =
        OperatorFixture.startWithSettings(
            java.util.Map.of(
                "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE", "0",
                "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE", "0"));
    fixture.auth.register(
        "bench-token", "system:serviceaccount:" + OperatorFixture.NAMESPACE + ":app");
    fixture.auth.allow(
        "system:serviceaccount:" + OperatorFixture.NAMESPACE + ":app",
        "create",
        OperatorFixture.NAMESPACE);
    // Warm the JIT and the auth caches before measuring.
    LOAD.fixedRate("warm-up", create(fixture), 201, 20, Duration.ofSeconds(5));
    LOAD.fixedRate("warm-up", noop(fixture), 200, 100, Duration.ofSeconds(3));
    return fixture;
  }

  private static LoadResult onOperator(String name, boolean post, int rate, int seconds)
      throws Exception {
    try (OperatorFixture fixture = started()) {
      return post
          ? LOAD.fixedRate(name, create(fixture), 201, rate, Duration.ofSeconds(seconds))
          : LOAD.fixedRate(name, noop(fixture), 200, rate, Duration.ofSeconds(seconds));
    }
  }

  private static LoadResult onBareMock(String name, int rate, int seconds) throws Exception {
    try (MockCluster cluster = MockCluster.start()) {
      String url =
          cluster.url().replaceAll("/$", "")
              + "/apis/uploads.presign.dev/v1alpha1/namespaces/"
              + OperatorFixture.NAMESPACE
              + "/uploadrequests";
      String body =
          "{\"apiVersion\":\"uploads.presign.dev/v1alpha1\",\"kind\":\"UploadRequest\",\"metadata\":{\"generateName\":\"direct-\"},\"spec\":{\"originalFileName\":\"lorem-ipsum.pdf\",\"fileSize\":77000}}";
      Supplier<HttpRequest> direct =
          () ->
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build();
      LOAD.fixedRate("warm-up", direct, 201, 20, Duration.ofSeconds(5));
      return LOAD.fixedRate(name, direct, 201, rate, Duration.ofSeconds(seconds));
    }
  }

  private static Supplier<HttpRequest> create(OperatorFixture fixture) {
    String url = fixture.apiUrl() + "/api/v1/uploads/";
    return () ->
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer bench-token")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
  }

  private static Supplier<HttpRequest> noop(OperatorFixture fixture) {
    String url = fixture.apiUrl() + "/healthz";
    return () ->
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
  }
}
