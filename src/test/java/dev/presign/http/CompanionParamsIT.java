package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/companion/s3/params} as Uppy's Companion client calls it, against the operator
 * on the fabric8 mock server (CRUD) and S3Proxy: the answer's form really uploads, and the upload
 * is an UploadRequest like any other (created-by, Uploaded once the object is there). Errors come
 * in Companion's shape ({@code error} and {@code message}).
 */
class CompanionParamsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String PUT_CLASS = "by-put";
  private static final String PARAMS = "/api/v1/companion/s3/params";

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
    UploadClass byPut = fixture.exampleClass();
    byPut.getMetadata().setName(PUT_CLASS);
    byPut.getMetadata().setAnnotations(null);
    byPut.getSpec().setMethod(UploadMethod.PUT);
    byPut.getSpec().setMaxFileSize(new io.fabric8.kubernetes.api.model.Quantity("1Mi"));
    fixture.client().resource(byPut).create();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** A query as Uppy 6 builds it: filename, type, then metadata[k] for every meta field. */
  static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> uppyParams(String name, String type, int size) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("filename", name);
    params.put("type", type);
    params.put("metadata[relativePath]", "null");
    params.put("metadata[name]", name);
    params.put("metadata[type]", type);
    params.put("metadata[size]", Integer.toString(size));
    params.put("metadata[caption]", "on the beach");
    return params;
  }

  @Test
  void paramsThenPostTheFormAndTheUploadIsConfirmed() throws Exception {
    byte[] content = "%PDF-1.4 from Uppy".getBytes(StandardCharsets.US_ASCII);
    ApiClient.Reply reply =
        api.get(
            PARAMS + "?" + query(uppyParams("Été 2024.pdf", "application/pdf", content.length)),
            appToken);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode answer = reply.json();
    assertThat(answer.path("method").asText()).isEqualTo("POST");
    assertThat(answer.path("url").asText()).startsWith(fixture.s3.endpoint());
    JsonNode fields = answer.path("fields");
    assertThat(fields.path("key").asText()).startsWith("media/uploads/").endsWith("-ete-2024.pdf");
    assertThat(answer.path("key").asText()).isEqualTo(fields.path("key").asText());
    assertThat(answer.path("expires").asLong()).isBetween(1L, 3600L);
    String id = answer.path("id").asText();

    UploadRequest recorded = fixture.getByUid(id);
    assertThat(recorded.getSpec().getOriginalFileName()).isEqualTo("Été 2024.pdf");
    assertThat(recorded.getSpec().getFileSize()).isEqualTo(content.length);
    assertThat(recorded.getSpec().getContentType()).isEqualTo("application/pdf");
    assertThat(recorded.getSpec().getMultipart()).isFalse();
    assertThat(recorded.getSpec().getMetadata())
        .as("name, type, size and relativePath are not stored; the app's own fields are")
        .isEqualTo(Map.of("caption", "on the beach"));
    assertThat(recorded.getMetadata().getAnnotations()).containsValue(APP);
    assertThat(fields.path("x-amz-meta-caption").asText()).isEqualTo("on the beach");

    HttpResponse<String> posted =
        new MultipartForm()
            .fields(strings(fields))
            .file("Été 2024.pdf", "application/pdf", content)
            .postTo(answer.path("url").asText());
    assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 299);
    // No call back is needed (Uppy makes none after a POST): the operator finds the object.
    UploadRequest uploaded = fixture.awaitPhase(recorded.getMetadata().getName(), Phase.UPLOADED);
    assertThat(uploaded.getStatus().getObject().getSize()).isEqualTo(content.length);
  }

  @Test
  void aPutClassAnswersMethodPutWithHeadersAndTheKey() throws Exception {
    byte[] content = "raw bytes".getBytes(StandardCharsets.US_ASCII);
    ApiClient.Reply reply =
        api.get(
            "/api/v1/companion/classes/"
                + PUT_CLASS
                + "/s3/params?"
                + query(uppyParams("raw.bin", "application/octet-stream", content.length)),
            appToken);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode answer = reply.json();
    assertThat(answer.path("method").asText()).isEqualTo("PUT");
    assertThat(answer.path("fields").path("key").asText()).endsWith("-raw.bin");
    assertThat(answer.path("headers").isObject()).isTrue();
    assertThat(fixture.getByUid(answer.path("id").asText()).getStatus().getUploadClassName())
        .isEqualTo(PUT_CLASS);

    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(answer.path("url").asText()))
            .timeout(Duration.ofSeconds(10))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
    // Content-Length and Host are the HTTP client's own (it refuses them as headers), as a
    // browser's XHR sets them itself.
    strings(answer.path("headers")).entrySet().stream()
        .filter(h -> !h.getKey().equalsIgnoreCase("Content-Length"))
        .filter(h -> !h.getKey().equalsIgnoreCase("Host"))
        .forEach(h -> put.header(h.getKey(), h.getValue()));
    HttpResponse<String> stored =
        HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stored.statusCode()).as(stored.body()).isBetween(200, 299);
  }

  @Test
  void withoutASizeTheAnswerIs400NamingItInCompanionsShape() throws Exception {
    Map<String, String> params = uppyParams("a.pdf", "application/pdf", 1);
    params.remove("metadata[size]");
    ApiClient.Reply reply = api.get(PARAMS + "?" + query(params), appToken);
    assertThat(reply.status()).isEqualTo(400);
    JsonNode body = reply.json();
    assertThat(body.path("error").asText()).isEqualTo("bad_request");
    assertThat(body.path("message").asText())
        .startsWith("metadata[size]: is required: must be the file's exact size in bytes");
    assertThat(body.path("errors").has("metadata[size]")).isTrue();
  }

  @Test
  void overFiveGibibytesTheAnswerSaysToUploadInParts() throws Exception {
    Map<String, String> params = uppyParams("big.iso", "application/octet-stream", 1);
    params.put("metadata[size]", "5368709121");
    ApiClient.Reply reply = api.get(PARAMS + "?" + query(params), appToken);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("message").asText())
        .contains("metadata[size]", "upload it in parts", "POST /s3/multipart");
  }

  @Test
  void theClassesPolicyNamesUppysField() throws Exception {
    // The PUT class allows at most 1 MiB: refused by the leader, named as Uppy sends it.
    Map<String, String> params = uppyParams("big.bin", "application/octet-stream", 1024 * 1024 + 1);
    ApiClient.Reply reply =
        api.get("/api/v1/companion/classes/" + PUT_CLASS + "/s3/params?" + query(params), appToken);
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.json().path("error").asText()).isEqualTo("bad_request");
    assertThat(reply.json().path("errors").has("metadata[size]")).as(reply.body()).isTrue();
  }

  @Test
  void authenticationAndUnknownRoutesAnswerInCompanionsShape() throws Exception {
    ApiClient.Reply anonymous =
        api.get(PARAMS + "?" + query(uppyParams("a.pdf", "application/pdf", 1)), null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.json().path("error").asText()).isEqualTo("unauthorized");
    assertThat(anonymous.json().path("message").asText()).isNotBlank();

    ApiClient.Reply sts = api.get("/api/v1/companion/s3/sts", appToken);
    assertThat(sts.status()).isEqualTo(404);
    assertThat(sts.json().path("error").asText()).isEqualTo("not_found");
    assertThat(sts.json().path("message").asText()).isEqualTo("Not found.");

    ApiClient.Reply form =
        api.post(
            "/api/v1/companion/s3/multipart",
            appToken,
            "application/x-www-form-urlencoded",
            "filename=a");
    assertThat(form.status()).isEqualTo(415);
    assertThat(form.json().path("error").asText()).isEqualTo("unsupported_media_type");

    ApiClient.Reply badClass =
        api.get(
            "/api/v1/companion/classes/Media/s3/params?"
                + query(uppyParams("a.pdf", "application/pdf", 1)),
            appToken);
    assertThat(badClass.status()).isEqualTo(400);
    assertThat(badClass.json().path("errors").has("class")).as(badClass.body()).isTrue();
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      map.put(field.getKey(), field.getValue().asText());
    }
    return map;
  }
}
