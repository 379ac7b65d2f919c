package dev.presign.bench;

import dev.presign.testing.OperatorFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Load on {@code POST /api/v1/uploads/} of the operator running on the mock API server and S3Proxy
 * (all in this JVM, auth cached after the first request), against a no-op Vert.x route of the same
 * server ({@code /healthz}) measured in the same run. Run with {@code scripts/bench-http.sh
 * [seconds-at-200-rps]}; see docs/performance.md.
 */
public final class HttpLoadBenchmark {
  private HttpLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sustainSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    try (OperatorFixture fixture = OperatorFixture.start()) {
      String token = fixture.auth.serviceAccountToken(OperatorFixture.NAMESPACE, "app");
      String user = "system:serviceaccount:" + OperatorFixture.NAMESPACE + ":app";
      fixture.auth.allow(user, "create", OperatorFixture.NAMESPACE);
      String api = fixture.apiUrl();
      Supplier<HttpRequest> create =
          () ->
              HttpRequest.newBuilder(URI.create(api + "/api/v1/uploads/"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"original_file_name\": \"lorem-ipsum.pdf\", \"file_size\": \"77000\"}"))
                  .build();
      Supplier<HttpRequest> noop =
          () ->
              HttpRequest.newBuilder(URI.create(api + "/healthz"))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build();
      LoadGenerator load = new LoadGenerator();
      List<LoadResult> results = new ArrayList<>();

      load.fixedRate("warm-up create @100/s", create, 201, 100, Duration.ofSeconds(10));
      load.fixedRate("warm-up no-op @200/s", noop, 200, 200, Duration.ofSeconds(5));
      results.add(
          load.fixedRate(
              "baseline no-op GET /healthz @200/s", noop, 200, 200, Duration.ofSeconds(20)));
      results.add(
          load.fixedRate(
              "POST /api/v1/uploads/ @200/s",
              create,
              201,
              200,
              Duration.ofSeconds(sustainSeconds)));
      int highest = 200;
      for (int rate : new int[] {300, 400, 600, 800}) {
        LoadResult step =
            load.fixedRate(
                "POST /api/v1/uploads/ @" + rate + "/s", create, 201, rate, Duration.ofSeconds(15));
        results.add(step);
        boolean holds = step.errors() == 0 && step.percentileMillis(99) <= 50;
        if (holds) {
          highest = Math.max(highest, rate);
        } else if (highest > 0) {
          break;
        }
      }
      results.add(
          load.saturation(
              "baseline no-op saturation (16 clients)", noop, 200, 16, Duration.ofSeconds(15)));
      results.add(
          load.saturation("POST saturation (16 clients)", create, 201, 16, Duration.ofSeconds(15)));

      System.out.println();
      System.out.println(
          "== HTTP API load (2 cores; operator, mock API server, S3Proxy and load generator share them)");
      results.forEach(r -> System.out.println(r.line()));
      System.out.println(
          "highest tested rate with p99 <= 50 ms and no errors: " + highest + " req/s");
      System.out.printf(
          "UploadRequests recorded: %d%n",
          fixture
              .client()
              .resources(dev.presign.api.v1alpha1.UploadRequest.class)
              .inNamespace(OperatorFixture.NAMESPACE)
              .list()
              .getItems()
              .size());
    }
  }
}
