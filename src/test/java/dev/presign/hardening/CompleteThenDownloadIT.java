package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An app that completes an upload and asks for its download URL straight away (the seed's
 * walkthrough) must get it: the API answers from an informer cache that lags behind the status it
 * has just written.
 */
class CompleteThenDownloadIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static OperatorFixture fixture;
  private static RawHttp http;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
    http = new RawHttp(fixture.apiUrl());
    token = fixture.auth.serviceAccountToken(NS, "app");
    fixture.auth.allow("system:serviceaccount:" + NS + ":app", "create", NS);
    fixture.auth.allow("system:serviceaccount:" + NS + ":app", "get", NS);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aCompletedUploadCanBeDownloadedAtOnce() throws Exception {
    byte[] content = "0123456789".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 20; i++) {
      RawHttp.Reply created =
          http.send(
              RawHttp.request("POST", "/api/v1/uploads/")
                  .bearer(token)
                  .header("Content-Type", "application/json")
                  .body("{\"original_file_name\": \"f.txt\", \"file_size\": 10}"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      JsonNode upload = AnswerChecks.json(created);
      Map<String, String> fields =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .convertValue(
                  upload.path("presigned_post_data").path("fields"),
                  new com.fasterxml.jackson.core.type.TypeReference<>() {});
      var posted =
          new MultipartForm()
              .fields(fields)
              .file("f.txt", "text/plain", content)
              .postTo(upload.path("presigned_post_data").path("url").asText());
      assertThat(posted.statusCode()).isBetween(200, 299);
      String id = upload.path("id").asText();
      RawHttp.Reply completed =
          http.send(RawHttp.request("POST", "/api/v1/uploads/" + id + "/complete").bearer(token));
      assertThat(completed.status()).as(completed.body()).isEqualTo(200);
      RawHttp.Reply link =
          http.send(
              RawHttp.request("GET", "/api/v1/uploads/" + id + "/download-url").bearer(token));
      assertThat(link.status()).as("attempt " + i + ": " + link.body()).isEqualTo(200);
    }
  }
}
