package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Quantity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every status code of the HTTP API and the seed walkthrough, from a real HTTP client. */
class UploadsApiIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static OperatorFixture fixture;
  private static ApiClient api;
  private static String appToken;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
    api = new ApiClient(fixture.apiUrl());
    appToken = fixture.auth.serviceAccountToken(NS, "app");
    fixture.auth.allow(APP, "create", NS);
    fixture.auth.allow(APP, "get", NS);
    UploadClass small = fixture.exampleClass();
    small.getMetadata().setName("small");
    small.getMetadata().setAnnotations(null);
    small.getSpec().setMaxFileSize(new Quantity("10"));
    fixture.client().resource(small).create();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static ApiClient.Reply requestUpload(String token, String body) throws Exception {
    return api.postJson("/api/v1/uploads/", token, body);
  }

  @Test
  void seedWalkthroughRequestUploadCompleteDownload() throws Exception {
    byte[] content = "%PDF-1.4 the seed walkthrough".getBytes(StandardCharsets.US_ASCII);
    ApiClient.Reply created =
        requestUpload(
            appToken,
            "{\"original_file_name\": \"lorem-ipsum.pdf\", \"file_size\": \""
                + content.length
                + "\"}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode upload = created.json();
    List<String> names = new ArrayList<>();
    upload.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .startsWith(
            "id",
            "original_file_name",
            "file_name",
            "file_size",
            "file_type",
            "upload_to",
            "created_at",
            "created_by",
            "presigned_post_data");
    String id = upload.get("id").asText();
    assertThat(upload.get("file_name").asText())
        .isEqualTo(id.replace("-", "") + "-lorem-ipsum.pdf");
    assertThat(upload.get("file_size").asLong()).isEqualTo(content.length);
    assertThat(upload.get("file_type").asText()).isEqualTo("application/pdf");
    assertThat(upload.get("upload_to").asText()).isEqualTo("uploads");
    assertThat(upload.get("created_by").asText()).isEqualTo(APP);
    assertThat(upload.get("status").asText()).isEqualTo("Issued");
    UploadRequest recorded =
        fixture.client().resources(UploadRequest.class).inNamespace(NS).list().getItems().stream()
            .filter(r -> r.getMetadata().getUid().equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(recorded.getStatus().getPresignedPost().getFields().get("x-amz-signature"))
        .isEqualTo(upload.get("presigned_post_data").get("fields").get("x-amz-signature").asText());

    Map<String, String> fields =
        new ObjectMapper()
            .convertValue(
                upload.get("presigned_post_data").get("fields"),
                new com.fasterxml.jackson.core.type.TypeReference<>() {});
    HttpResponse<String> s3 =
        new MultipartForm()
            .fields(fields)
            .file("lorem-ipsum.pdf", "application/pdf", content)
            .postTo(upload.get("presigned_post_data").get("url").asText());
    assertThat(s3.statusCode()).isBetween(200, 299);

    ApiClient.Reply completed = api.post("/api/v1/uploads/" + id + "/complete", appToken, null, "");
    assertThat(completed.status()).as(completed.body()).isEqualTo(200);
    assertThat(completed.json().get("status").asText()).isEqualTo("Uploaded");
    assertThat(completed.json().get("uploaded_at").asText()).isNotBlank();
    assertThat(completed.json().get("uploaded_size").asLong()).isEqualTo(content.length);
    assertThat(completed.json().get("etag").asText()).isNotBlank();
    // Issued and Uploaded are routine for a request made over HTTP: no Event for either (one API
    // write per step saved). Events are written in order by one writer, so once a later request's
    // Event is there, any Event for this one would be too: a request made without the API (as
    // kubectl would) still gets its Issued Event.
    UploadRequest byHand =
        fixture.create(
            "by-hand", new dev.presign.api.v1alpha1.UploadRequestSpec("by-hand.pdf", 10L));
    List<io.fabric8.kubernetes.api.model.Event> events =
        dev.presign.testing.Await.until(
            "an Issued event for " + byHand.getMetadata().getName(),
            java.time.Duration.ofSeconds(10),
            () -> fixture.client().v1().events().inNamespace(NS).list().getItems(),
            all ->
                all.stream()
                    .anyMatch(
                        e ->
                            "Issued".equals(e.getReason())
                                && "by-hand".equals(e.getInvolvedObject().getName())));
    assertThat(events)
        .as("Events about the upload made over HTTP")
        .noneMatch(e -> recorded.getMetadata().getName().equals(e.getInvolvedObject().getName()));

    ApiClient.Reply link =
        api.get(
            "/api/v1/uploads/"
                + id
                + "/download-url?expires_in=60&response_content_type=application/pdf",
            appToken);
    assertThat(link.status()).as(link.body()).isEqualTo(200);
    HttpResponse<byte[]> downloaded =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(link.json().get("url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(downloaded.statusCode()).isEqualTo(200);
    assertThat(downloaded.body()).isEqualTo(content);

    ApiClient.Reply again = api.get("/api/v1/uploads/" + id, appToken);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("status").asText()).isEqualTo("Uploaded");
  }

  @Test
  void fileSizeMayBeANumber() throws Exception {
    ApiClient.Reply created =
        requestUpload(
            appToken,
            "{\"original_file_name\": \"a.png\", \"file_size\": 42, \"upload_to\": \"avatars\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("key").asText()).startsWith("media/avatars/").endsWith("-a.png");
  }

  @Test
  void noTokenIs401AndABadTokenToo() throws Exception {
    assertThat(
            requestUpload(null, "{\"original_file_name\": \"a.pdf\", \"file_size\": 1}").status())
        .isEqualTo(401);
    ApiClient.Reply bad =
        requestUpload("not-a-token", "{\"original_file_name\": \"a.pdf\", \"file_size\": 1}");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.json().get("detail").asText()).isNotBlank();
    assertThat(api.get("/api/v1/uploads/00000000-0000-0000-0000-000000000000", null).status())
        .isEqualTo(401);
  }

  @Test
  void rbacSayingNoIs403() throws Exception {
    String stranger = fixture.auth.serviceAccountToken(NS, "stranger");
    ApiClient.Reply denied =
        requestUpload(stranger, "{\"original_file_name\": \"a.pdf\", \"file_size\": 1}");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("detail").asText()).contains("may not create");
  }

  @Test
  void badInputIs400NamingTheField() throws Exception {
    Map<String, String> cases =
        Map.of(
            "{\"file_size\": 1}", "original_file_name",
            "{\"original_file_name\": \"a.pdf\"}", "file_size",
            "{\"original_file_name\": \"a.pdf\", \"file_size\": \"-1\"}", "file_size",
            "{\"original_file_name\": \"a.pdf\", \"file_size\": 0}", "file_size",
            "{\"original_file_name\": \"a.pdf\", \"file_size\": 1.5}", "file_size",
            "{\"original_file_name\": 7, \"file_size\": 1}", "original_file_name",
            "{\"original_file_name\": \"a.pdf\", \"file_size\": 1, \"file_type\": \"text/html\\r\\nX: y\"}",
                "file_type",
            "[1, 2]", "non_field_errors",
            "{\"original_file_name\": \"a.pdf\", \"original_file_name\": \"b.pdf\", \"file_size\": 1}",
                "non_field_errors");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      ApiClient.Reply reply = requestUpload(appToken, c.getKey());
      assertThat(reply.status()).as(c.getKey() + " -> " + reply.body()).isEqualTo(400);
      assertThat(reply.json().get("errors").has(c.getValue()))
          .as(c.getKey() + " -> " + reply.body())
          .isTrue();
      assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void policyRefusalsAre400WithTheField() throws Exception {
    ApiClient.Reply tooLarge =
        requestUpload(
            appToken,
            "{\"original_file_name\": \"a.pdf\", \"file_size\": 11, \"upload_class\": \"small\"}");
    assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(400);
    assertThat(tooLarge.json().get("errors").get("file_size").asText()).contains("more than");
    ApiClient.Reply traversal =
        requestUpload(
            appToken,
            "{\"original_file_name\": \"a.pdf\", \"file_size\": 1, \"upload_to\": \"../../etc\"}");
    assertThat(traversal.status()).as(traversal.body()).isEqualTo(400);
    assertThat(traversal.json().get("errors").has("upload_to")).isTrue();
  }

  @Test
  void unknownIdsAndOtherNamespacesAre404() throws Exception {
    fixture.cluster.createNamespace("team-b");
    String other = fixture.auth.serviceAccountToken("team-b", "app");
    fixture.auth.allow("system:serviceaccount:team-b:app", "create", "team-b");
    fixture.auth.allow("system:serviceaccount:team-b:app", "get", "team-b");
    ApiClient.Reply theirs =
        requestUpload(other, "{\"original_file_name\": \"b.pdf\", \"file_size\": 1}");
    assertThat(theirs.status()).as(theirs.body()).isEqualTo(201);
    String theirId = theirs.json().get("id").asText();

    assertThat(api.get("/api/v1/uploads/" + theirId, appToken).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/uploads/" + theirId + "/download-url", appToken).status())
        .isEqualTo(404);
    assertThat(api.post("/api/v1/uploads/" + theirId + "/complete", appToken, null, "").status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/uploads/11111111-2222-3333-4444-555555555555", appToken).status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/uploads/" + theirId, other).status()).isEqualTo(200);
  }

  @Test
  void oversizedBodyIs413AndNonJsonIs415() throws Exception {
    String huge = "{\"original_file_name\": \"" + "a".repeat(20_000) + "\", \"file_size\": 1}";
    ApiClient.Reply tooBig = requestUpload(appToken, huge);
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.json().get("detail").asText()).contains("larger than");
    ApiClient.Reply form =
        api.post(
            "/api/v1/uploads/",
            appToken,
            "application/x-www-form-urlencoded",
            "original_file_name=a.pdf&file_size=1");
    assertThat(form.status()).isEqualTo(415);
    assertThat(form.json().get("detail").asText()).contains("application/json");
  }

  @Test
  void apiServerUnreachableIs503WithRetryAfter() throws Exception {
    String fresh = fixture.auth.serviceAccountToken(NS, "fresh-" + System.nanoTime());
    fixture.auth.setDown(true);
    try {
      ApiClient.Reply reply =
          requestUpload(fresh, "{\"original_file_name\": \"a.pdf\", \"file_size\": 1}");
      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.raw().headers().firstValue("Retry-After")).isPresent();
    } finally {
      fixture.auth.setDown(false);
    }
  }

  @Test
  void completeBeforeUploadingIs409() throws Exception {
    ApiClient.Reply created =
        requestUpload(appToken, "{\"original_file_name\": \"later.txt\", \"file_size\": 5}");
    String id = created.json().get("id").asText();
    ApiClient.Reply early = api.post("/api/v1/uploads/" + id + "/complete", appToken, null, "");
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.json().get("errors").has("file")).isTrue();
    assertThat(api.get("/api/v1/uploads/" + id + "/download-url", appToken).status())
        .isEqualTo(409);
  }

  @Test
  void healthReadinessMetricsAndOpenApiAreServed() throws Exception {
    assertThat(api.get("/healthz", null).status()).isEqualTo(200);
    assertThat(api.get("/readyz", null).status()).isEqualTo(200);
    requestUpload(appToken, "{\"original_file_name\": \"m.txt\", \"file_size\": 1}");
    ApiClient.Reply metrics = api.get("/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "presign_http_requests_seconds_count{method=\"POST\",route=\"create\",status=\"201\"}")
        .contains("presign_uploads_total{phase=\"Issued\"}")
        .contains("presign_signing_seconds_count");
    ApiClient.Reply openApi = api.get("/openapi.yaml", null);
    assertThat(openApi.status()).isEqualTo(200);
    assertThat(openApi.body())
        .contains("openapi: 3.0.3")
        .contains("/api/v1/uploads/{id}/download-url");
    assertThat(api.get("/nope", null).status()).isEqualTo(404);
  }
}
