package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.http.HttpApi;
import dev.presign.http.UploadHandlers;
import dev.presign.naming.ContentTypePolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The router alone, with no cluster behind it: requests that must be refused before anything is
 * asked of the API server, and must be refused as JSON 4xx, never as an internal error.
 */
class HttpApiHostileRequestsTest {
  private static Vertx vertx;
  private static HttpServer server;
  private static RawHttp http;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    // Nothing behind the router: a request that gets past validation fails, and the test sees it.
    UploadHandlers uploads =
        new UploadHandlers(
            null, null, null, null, null, null, null, null, new ContentTypePolicy(), null, null);
    HttpApi api =
        new HttpApi(
            uploads, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, () -> true);
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(api.router(vertx))
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    http = new RawHttp("http://127.0.0.1:" + server.actualPort());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static RawHttp.Reply create(String contentType, byte[] body) throws Exception {
    RawHttp.Request request = RawHttp.request("POST", "/api/v1/uploads/").bearer("token");
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.body(body));
  }

  private static void assertJsonError(RawHttp.Reply reply, int status) {
    AnswerChecks.wellBehaved(reply);
    assertThat(reply.status()).as(reply.request() + " -> " + reply.body()).isEqualTo(status);
  }

  @Test
  void anEmptyBodyIs400() throws Exception {
    RawHttp.Reply reply = create("application/json", new byte[0]);
    assertJsonError(reply, 400);
    assertThat(AnswerChecks.json(reply).path("errors").has("non_field_errors")).isTrue();
  }

  @Test
  void contentAfterTheJsonObjectIs400() throws Exception {
    String ok = "{\"original_file_name\": \"a.pdf\", \"file_size\": 1}";
    for (String body :
        new String[] {ok + "junk", ok + ok, ok + " // comment", ok + "]", ok + " 1"}) {
      RawHttp.Reply reply = create("application/json", body.getBytes(StandardCharsets.UTF_8));
      assertJsonError(reply, 400);
      assertThat(AnswerChecks.json(reply).path("errors").has("non_field_errors")).isTrue();
    }
  }

  @Test
  void aFormBodyIs415WhateverItHolds() throws Exception {
    String field =
        "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
            + "a".repeat(10_000)
            + "\r\n--x--\r\n";
    assertJsonError(
        create("multipart/form-data; boundary=x", field.getBytes(StandardCharsets.UTF_8)), 415);
    assertJsonError(
        create(
            "application/x-www-form-urlencoded",
            ("a=" + "b".repeat(10_000)).getBytes(StandardCharsets.UTF_8)),
        415);
  }

  @Test
  void aCharsetOtherThanUtf8Is415() throws Exception {
    byte[] body =
        "{\"original_file_name\": \"a.pdf\", \"file_size\": 1}".getBytes(StandardCharsets.UTF_8);
    for (String charset :
        new String[] {"bogus", "", "utf-16", "x-\u00e9", "utf-8; charset=latin1"}) {
      assertJsonError(create("application/json; charset=" + charset, body), 415);
    }
  }

  @Test
  void aBrokenPercentEscapeIsAJson400AndNotAnErrorInTheLog() throws Exception {
    try (LogCapture logs = LogCapture.start()) {
      for (String target :
          new String[] {
            "/api/v1/uploads/%",
            "/api/v1/uploads/%zz",
            "/api/v1/uploads/a%2",
            "/api/v1/uploads/x/download-url?expires_in=%",
            "/api/v1/uploads/x/download-url?expires_in=%zz",
            "/api/v1/uploads/x?a=%"
          }) {
        assertJsonError(http.send(RawHttp.request("GET", target).bearer("token")), 400);
      }
      assertThat(logs.warningsAndErrors()).isEmpty();
    }
  }

  @Test
  void aClientThatHangsUpMidBodyIsNotAnError() throws Exception {
    try (LogCapture logs = LogCapture.start()) {
      String head =
          "POST /api/v1/uploads/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
      for (String raw :
          new String[] {
            head + "Content-Length: 100\r\n\r\n{\"original_file_name\"",
            head + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"original",
          }) {
        RawHttp.Reply reply = http.sendRaw(raw.getBytes(StandardCharsets.US_ASCII), raw);
        assertThat(reply.status()).as(reply.body()).isIn(0, 400);
      }
      // The server notices the hang-up on its own time: give it a moment to (not) log.
      Thread.sleep(300);
      assertThat(logs.warningsAndErrors()).isEmpty();
    }
  }

  /**
   * Anyone who can reach the port chooses the method and the path: neither may mint a time series.
   * Known methods keep their name, every other one is counted as {@code other}; the route is the
   * route's name, never the path with its id.
   */
  @Test
  void unknownMethodsAndIdsInPathsDoNotGrowTheMetrics() throws Exception {
    int methods = 60;
    for (int i = 0; i < methods; i++) {
      RawHttp.Reply reply =
          http.send(RawHttp.request("FOOBAR" + i, "/api/v1/uploads/id-" + i).bearer("token"));
      assertThat(reply.status()).as(reply.request()).isBetween(400, 499);
    }
    http.send(RawHttp.request("get", "/healthz"));
    http.send(RawHttp.request("GET", "/no-such-path-" + methods));

    String scrape = http.send(RawHttp.request("GET", "/metrics")).body();
    java.util.Set<String> seenMethods = new java.util.TreeSet<>();
    java.util.Set<String> seenRoutes = new java.util.TreeSet<>();
    int series = 0;
    java.util.regex.Pattern label = java.util.regex.Pattern.compile("(\\w+)=\"([^\"]*)\"");
    for (String line : scrape.split("\n")) {
      if (!line.startsWith("presign_http_requests_seconds_count{")) {
        continue;
      }
      series++;
      java.util.regex.Matcher m = label.matcher(line.substring(0, line.indexOf('}')));
      while (m.find()) {
        if (m.group(1).equals("method")) {
          seenMethods.add(m.group(2));
        } else if (m.group(1).equals("route")) {
          seenRoutes.add(m.group(2));
        }
      }
    }
    assertThat(series).as("series of presign_http_requests").isLessThan(30);
    assertThat(seenMethods)
        .as(scrape)
        .contains("other")
        .isSubsetOf("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "other");
    assertThat(seenRoutes)
        .isSubsetOf(
            "create",
            "get",
            "complete",
            "cancel",
            "download-url",
            "healthz",
            "readyz",
            "metrics",
            "openapi",
            "unmatched");
    assertThat(scrape).doesNotContain("FOOBAR").doesNotContain("id-1").doesNotContain("no-such");
  }
}
