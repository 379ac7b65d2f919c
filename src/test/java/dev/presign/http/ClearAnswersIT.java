package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.testing.OperatorFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The answers a new user meets first, over real HTTP against the operator as it is wired: a wrong
 * method on a known path is 405 with {@code Allow} (before any token is looked at: the paths and
 * their methods are public, in the OpenAPI document), an unknown path stays 404, a JSON syntax
 * error says where, and {@code {}} names both required fields.
 */
class ClearAnswersIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String ID = "11111111-2222-3333-4444-555555555555";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static OperatorFixture fixture;
  private static String appToken;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
    appToken = fixture.auth.serviceAccountToken(NS, "app");
    fixture.auth.allow(APP, "create", NS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  static Stream<Arguments> wrongMethods() {
    return Stream.of(
        Arguments.of("GET", "/api/v1/uploads/", "POST"),
        Arguments.of("GET", "/api/v1/uploads", "POST"),
        Arguments.of("DELETE", "/api/v1/uploads/", "POST"),
        Arguments.of("PUT", "/api/v1/uploads/", "POST"),
        Arguments.of("PUT", "/api/v1/uploads/" + ID, "GET, DELETE"),
        Arguments.of("PATCH", "/api/v1/uploads/" + ID, "GET, DELETE"),
        Arguments.of("POST", "/api/v1/uploads/" + ID, "GET, DELETE"),
        Arguments.of("OPTIONS", "/api/v1/uploads/" + ID, "GET, DELETE"),
        Arguments.of("GET", "/api/v1/uploads/" + ID + "/complete", "POST"),
        Arguments.of("DELETE", "/api/v1/uploads/" + ID + "/download-url", "GET"),
        Arguments.of("POST", "/healthz", "GET"),
        Arguments.of("DELETE", "/metrics", "GET"),
        Arguments.of("PUT", "/openapi.yaml", "GET"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wrongMethods")
  void aWrongMethodIs405WithAllow(String method, String path, String allow) throws Exception {
    HttpResponse<String> reply = send(method, path, "Bearer " + appToken, null);
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(405);
    assertThat(reply.headers().firstValue("Allow")).hasValue(allow);
    assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(reply.body()).get("detail").asText())
        .isEqualTo("Method \"" + method + "\" not allowed.");
  }

  @Test
  void aWrongMethodIs405EvenWithoutAToken() throws Exception {
    HttpResponse<String> reply = send("GET", "/api/v1/uploads/", null, null);
    assertThat(reply.statusCode()).isEqualTo(405);
    assertThat(reply.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void aMadeUpMethodIs405WithoutBeingEchoed() throws Exception {
    HttpResponse<String> reply = send("BREW", "/api/v1/uploads/" + ID, null, null);
    assertThat(reply.statusCode()).isEqualTo(405);
    assertThat(reply.headers().firstValue("Allow")).hasValue("GET, DELETE");
    assertThat(reply.body()).isEqualTo("{\"detail\":\"Method not allowed.\"}");
  }

  @Test
  void anUnknownPathIsStill404() throws Exception {
    for (String path :
        new String[] {"/api/v1/nothing", "/api/v1/uploads/" + ID + "/other", "/api/v2/uploads/"}) {
      HttpResponse<String> reply = send("GET", path, "Bearer " + appToken, null);
      assertThat(reply.statusCode()).as(path).isEqualTo(404);
      assertThat(reply.headers().firstValue("Allow")).as(path).isEmpty();
      assertThat(reply.body()).isEqualTo("{\"detail\":\"Not found.\"}");
    }
  }

  @Test
  void theAllowedMethodsStillAnswer() throws Exception {
    assertThat(send("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/uploads/" + ID, "Bearer " + appToken, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aTrailingCommaSaysWhere() throws Exception {
    HttpResponse<String> reply =
        send(
            "POST",
            "/api/v1/uploads/",
            "Bearer " + appToken,
            "{\n  \"original_file_name\": \"a.pdf\",\n  \"file_size\": 1,\n}");
    assertThat(reply.statusCode()).isEqualTo(400);
    assertThat(reply.body())
        .isEqualTo(
            "{\"errors\":{\"non_field_errors\":\"the request body is not valid JSON: a trailing"
                + " comma before '}' (line 4, column 1)\"}}");
  }

  @Test
  void anEmptyObjectNamesEveryMissingField() throws Exception {
    HttpResponse<String> reply = send("POST", "/api/v1/uploads/", "Bearer " + appToken, "{}");
    assertThat(reply.statusCode()).isEqualTo(400);
    JsonNode errors = JSON.readTree(reply.body()).get("errors");
    assertThat(errors.fieldNames()).toIterable().containsExactly("original_file_name", "file_size");
  }

  @Test
  void everyWrongDownloadParameterIsNamedAtOnce() throws Exception {
    HttpResponse<String> reply =
        send(
            "GET",
            "/api/v1/uploads/"
                + ID
                + "/download-url?expires_in=0&response_content_type=nonsense&disposition=show",
            "Bearer " + appToken,
            null);
    assertThat(reply.statusCode()).isEqualTo(400);
    assertThat(reply.body())
        .isEqualTo(
            "{\"errors\":{\"expires_in\":\"must be a whole number of seconds from 1 to 604800\","
                + "\"response_content_type\":\"must be a media type such as application/pdf\","
                + "\"disposition\":\"must be 'attachment' (the default) or 'inline'\"}}");
  }

  private static HttpResponse<String> send(
      String method, String path, String authorization, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(fixture.apiUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
