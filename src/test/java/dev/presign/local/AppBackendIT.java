package dev.presign.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode's demo page and app backend: the page is served, upload calls are forwarded with the
 * app's token (which never reaches the page), nothing else is forwarded, other sites are refused,
 * and the bucket answers browsers the way a bucket configured by the docs does.
 */
class AppBackendIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path data;
  private static LocalMode local;

  @BeforeAll
  static void start() throws Exception {
    local = LocalMode.start(0, 0, data);
  }

  @AfterAll
  static void stop() throws Exception {
    local.close();
  }

  @Test
  void localModePrintsThePageUrlWithTheOtherLines() {
    String text =
        Instructions.text(
            local.apiUrl(), local.s3Endpoint(), local.pageUrl(), LocalMode.TOKEN, data);
    assertThat(text).contains("  Demo page    " + local.pageUrl() + "   (open it in a browser");
  }

  @Test
  void servesThePageAndItsScript() throws Exception {
    HttpResponse<String> page = get("/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script src=\"/demo.js\"");
    HttpResponse<String> script = get("/demo.js", null);
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).contains("/api/v1/uploads/").doesNotContain(LocalMode.TOKEN);
  }

  @Test
  void forwardsAnUploadWithTheAppTokenAndNeverShowsIt() throws Exception {
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(local.pageUrl() + "/api/v1/uploads/"))
                // What a browser might carry is dropped: the backend uses its own token.
                .header("Authorization", "Bearer not-the-app-token")
                .header("Cookie", "session=abc")
                .header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"original_file_name\": \"notes.txt\", \"file_size\": 12}"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode upload = JSON.readTree(created.body());
    assertThat(upload.get("status").asText()).isEqualTo("Issued");
    assertThat(upload.get("created_by").asText()).isEqualTo(LocalMode.APP);
    assertThat(created.body()).doesNotContain(LocalMode.TOKEN);
    assertThat(created.headers().map().toString()).doesNotContain(LocalMode.TOKEN);

    HttpResponse<String> read = get("/api/v1/uploads/" + upload.get("id").asText(), "same-origin");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body()).get("id").asText()).isEqualTo(upload.get("id").asText());
  }

  @Test
  void forwardsTheCompanionRoutes() throws Exception {
    // Without metadata[size] the API's Companion route refuses, in Companion's error shape: the
    // request went through with the app's token (without one the API would answer 401).
    HttpResponse<String> params =
        get("/api/v1/companion/s3/params?filename=a.pdf&type=application/pdf", "same-origin");
    assertThat(params.statusCode()).as(params.body()).isEqualTo(400);
    assertThat(JSON.readTree(params.body()).get("message").asText()).contains("metadata[size]");
  }

  @Test
  void forwardsNothingButTheUploadRoutes() throws Exception {
    for (String path : new String[] {"/metrics", "/healthz", "/openapi.yaml", "/api/v1/other"}) {
      HttpResponse<String> answer = get(path, null);
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      assertThat(answer.body()).as(path).doesNotContain("presign_");
    }
  }

  @Test
  void dotSegmentsDoNotLeadOutOfTheUploadRoutes() throws Exception {
    URI page = URI.create(local.pageUrl());
    for (String path :
        new String[] {
          "/api/v1/uploads/../../../metrics", "/api/v1/uploads/%2e%2e/%2e%2e/metrics"
        }) {
      String answer = raw(page, "127.0.0.1:" + page.getPort(), path);
      assertThat(answer).as(path).startsWith("HTTP/1.1 404").doesNotContain("presign_");
    }
  }

  @Test
  void thePageOpensFromALinkOnAnotherSite() throws Exception {
    assertThat(get("/", "cross-site").statusCode()).isEqualTo(200);
  }

  @Test
  void refusesRequestsFromOtherSites() throws Exception {
    HttpResponse<String> crossSite = get("/api/v1/uploads/anything", "cross-site");
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(crossSite.body()).contains("Sec-Fetch-Site: cross-site");
  }

  @Test
  void refusesAnotherHostName() throws Exception {
    URI page = URI.create(local.pageUrl());
    String answer = raw(page, "rebound.example:" + page.getPort(), "/api/v1/uploads/anything");
    assertThat(answer).startsWith("HTTP/1.1 403").contains("answers only requests addressed to");
  }

  /**
   * A GET written by hand: java.net.http will not send a Host of our choosing, and resolves dot
   * segments itself.
   */
  private static String raw(URI page, String host, String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", page.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theBucketAllowsThePageOriginAndExposesEtagAndLocation() throws Exception {
    HttpResponse<String> preflight = preflight(local.pageUrl(), "PUT");
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue(local.pageUrl());
    assertThat(preflight.headers().firstValue("Access-Control-Expose-Headers"))
        .hasValue("ETag, Location");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("PUT", "POST");
  }

  @Test
  void theBucketRefusesOtherOrigins() throws Exception {
    String lookalike = local.pageUrl().replace("127.0.0.1", "127a0a0a1");
    for (String origin : new String[] {"http://evil.example", lookalike}) {
      HttpResponse<String> preflight = preflight(origin, "PUT");
      assertThat(preflight.statusCode()).as(origin).isEqualTo(403);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
          .as(origin)
          .isEmpty();
    }
  }

  private static HttpResponse<String> preflight(String origin, String method) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(local.s3Endpoint() + "/uploads/some-key"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String fetchSite) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(local.pageUrl() + path))
            .timeout(Duration.ofSeconds(20))
            .GET();
    if (fetchSite != null) {
      request.header("Sec-Fetch-Site", fetchSite);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
