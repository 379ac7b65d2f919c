package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.FormDelivery;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.PresignedPost;
import dev.presign.api.v1alpha1.PresignedPut;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UploadClass {@code formDelivery: Secret} (issue 13 item 9): the signed form goes into a Secret
 * owned by the UploadRequest instead of its status, the HTTP API still hands it to the caller that
 * created the upload, the form works against S3Proxy, and once the upload is finished (Uploaded,
 * Expired, Cancelled) the Secret is gone. Operator on the fabric8 mock server (CRUD), S3Proxy.
 */
class FormDeliveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String VIEWER = "system:serviceaccount:" + NS + ":viewer";
  private static final String CLASS = "in-secret";

  private static OperatorFixture fixture;
  private static String appToken;
  private static String viewerToken;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
    appToken = fixture.auth.serviceAccountToken(NS, "app");
    viewerToken = fixture.auth.serviceAccountToken(NS, "viewer");
    fixture.auth.allow(APP, "create", NS);
    fixture.auth.allow(APP, "get", NS);
    fixture.auth.allow(APP, "delete", NS);
    fixture.auth.allow(VIEWER, "get", NS);
    UploadClass inSecret = fixture.exampleClass();
    inSecret.getMetadata().setName(CLASS);
    inSecret.getMetadata().setAnnotations(null);
    inSecret.getSpec().setFormDelivery(FormDelivery.SECRET);
    fixture.client().resource(inSecret).create();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static ApiClient api() {
    return new ApiClient(fixture.apiUrl());
  }

  @Test
  void httpCallerGetsTheFormStatusNamesOnlyTheSecretAndTheSecretGoesOnceUploaded()
      throws Exception {
    byte[] content = "%PDF-1.4 kept in a Secret".getBytes(StandardCharsets.US_ASCII);
    ApiClient.Reply created = create("secret.pdf", content.length);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode answer = created.json();
    String id = answer.path("id").asText();
    String name = answer.path("name").asText();
    JsonNode form = answer.path("presigned_post_data");
    assertThat(form.path("fields").path("x-amz-signature").asText())
        .as("the HTTP API returns the form in Secret mode too")
        .isNotBlank();
    assertThat(answer.path("form_secret_name").asText()).isEqualTo("presign-form-" + id);

    UploadRequest issued = fixture.get(name);
    String statusJson = Serialization.asJson(issued.getStatus());
    assertThat(statusJson)
        .as("the serialized status carries no form")
        .doesNotContain("presignedPost", "presignedPut", "policy", "x-amz-signature", "\"url\"")
        .doesNotContain(
            form.path("fields").path("x-amz-signature").asText(),
            form.path("fields").path("policy").asText());
    assertThat(issued.getStatus().getFormSecretName()).isEqualTo("presign-form-" + id);

    Secret secret = formSecret(id);
    assertThat(secret).as("the form Secret").isNotNull();
    assertThat(secret.getType()).isEqualTo("uploads.presign.dev/signed-form");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(id);
              assertThat(o.getKind()).isEqualTo("UploadRequest");
              assertThat(o.getName()).isEqualTo(name);
              assertThat(o.getController()).isTrue();
            });
    PresignedPost stored = decode(secret, "presignedPost", PresignedPost.class);
    assertThat(stored.getUrl()).isEqualTo(form.path("url").asText());
    assertThat(stored.getFields()).isEqualTo(fields(form));

    // The creator reads it back by id; a caller with only get on uploadrequests does not.
    JsonNode mine = api().get("/api/v1/uploads/" + id, appToken).json();
    assertThat(mine.path("presigned_post_data").path("fields")).isEqualTo(form.path("fields"));
    ApiClient.Reply theirs = api().get("/api/v1/uploads/" + id, viewerToken);
    assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
    assertThat(theirs.json().has("presigned_post_data")).isFalse();
    assertThat(theirs.body()).doesNotContain(form.path("fields").path("x-amz-signature").asText());
    assertThat(theirs.json().path("form_secret_name").asText()).isEqualTo("presign-form-" + id);

    HttpResponse<String> posted =
        new MultipartForm()
            .fields(fields(form))
            .file("secret.pdf", "application/pdf", content)
            .postTo(form.path("url").asText());
    assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 299);
    ApiClient.Reply completed =
        api().post("/api/v1/uploads/" + id + "/complete", appToken, null, "");
    assertThat(completed.status()).as(completed.body()).isEqualTo(200);
    assertThat(completed.json().path("status").asText()).isEqualTo("Uploaded");

    assertGone(id, "the form Secret once Uploaded");
    UploadRequest uploaded = fixture.awaitPhase(name, Phase.UPLOADED);
    assertThat(uploaded.getStatus().getFormSecretName()).isNull();
    // What Secret mode costs the API server for one upload (this test's own GETs included):
    // issue = GET + POST, the create answer = GET, the creator's GET by id = GET, finish = DELETE.
    String secretPath = "/namespaces/" + NS + "/secrets";
    assertThat(fixture.cluster.count("POST", secretPath)).isGreaterThanOrEqualTo(1);
    assertThat(fixture.cluster.count("GET", secretPath + "/presign-form-" + id))
        .as(
            "GETs of the Secret: operator 3 (one more per issue attempt whose status write was"
                + " refused as stale), this test 1 + 1")
        .isBetween(5L, 7L);
    // One DELETE by /complete; the reconciler's own HeadObject may race it to the same finish and
    // delete again (a 404, harmless) before its status write is refused as stale.
    assertThat(fixture.cluster.count("DELETE", secretPath + "/presign-form-" + id))
        .isBetween(1L, 2L);
  }

  @Test
  void kubectlCreatedPutRequestKeepsItsUrlInTheSecretAndExpiryDeletesIt() throws Exception {
    UploadRequestSpec spec = new UploadRequestSpec("put.bin", 3);
    spec.setUploadClassName(CLASS);
    spec.setMethod(UploadMethod.PUT);
    fixture.create("put-in-secret", spec);

    UploadRequest issued = fixture.awaitPhase("put-in-secret", Phase.ISSUED);
    String id = issued.getMetadata().getUid();
    assertThat(Serialization.asJson(issued.getStatus()))
        .doesNotContain("presignedPut", "X-Amz-Signature", "\"url\"");
    PresignedPut put = decode(formSecret(id), "presignedPut", PresignedPut.class);
    // What an app with get on the Secret does: PUT the bytes with the signed headers.
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(put.getUrl()))
            .timeout(Duration.ofSeconds(10))
            .PUT(HttpRequest.BodyPublishers.ofByteArray("abc".getBytes(StandardCharsets.UTF_8)));
    // Content-Length and Host are set by the HTTP client itself (it refuses them as headers).
    put.getHeaders().entrySet().stream()
        .filter(h -> !h.getKey().equalsIgnoreCase("Content-Length"))
        .filter(h -> !h.getKey().equalsIgnoreCase("Host"))
        .forEach(h -> request.header(h.getKey(), h.getValue()));
    HttpResponse<String> stored =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stored.statusCode()).as(stored.body()).isBetween(200, 299);

    fixture.awaitPhase("put-in-secret", Phase.UPLOADED);
    assertGone(id, "the form Secret once Uploaded");

    UploadRequestSpec never = new UploadRequestSpec("never.bin", 3);
    never.setUploadClassName(CLASS);
    never.setExpiresInSeconds(1);
    fixture.create("expires-in-secret", never);
    UploadRequest neverIssued = fixture.awaitPhase("expires-in-secret", Phase.ISSUED);
    String neverId = neverIssued.getMetadata().getUid();
    // Issued in Secret mode means the Secret was written first (the form expires within a second,
    // so the Secret itself may already be gone by the time this test could look).
    assertThat(neverIssued.getStatus().getFormSecretName()).isEqualTo("presign-form-" + neverId);
    UploadRequest expired = fixture.awaitPhase("expires-in-secret", Phase.EXPIRED);
    assertGone(neverId, "the form Secret once Expired");
    assertThat(expired.getStatus().getFormSecretName()).isNull();
  }

  @Test
  void cancellingDeletesTheSecret() throws Exception {
    ApiClient.Reply created = create("cancel.pdf", 5);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(formSecret(id)).isNotNull();

    ApiClient.Reply cancelled = api().delete("/api/v1/uploads/" + id, appToken);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().has("presigned_post_data")).isFalse();
    assertGone(id, "the form Secret once Cancelled");
    UploadRequest request = fixture.get(created.json().path("name").asText());
    assertThat(request.getStatus().findCondition("Failed").orElseThrow().getReason())
        .isEqualTo(Reasons.CANCELLED);
  }

  /**
   * Sign once across a failover: a Secret written by a leader that died before its status write is
   * reused as it is, not replaced by a second signature. One that is not the request's is never
   * overwritten.
   */
  @Test
  void aFormStoredBeforeAFailoverIsReusedAndAForeignSecretIsNotOverwritten() throws Exception {
    fixture.stopOperator();
    UploadRequest request;
    UploadRequest foreign;
    try {
      UploadRequestSpec spec = new UploadRequestSpec("again.txt", 4);
      spec.setUploadClassName(CLASS);
      request = fixture.create("signed-before", spec);
      UploadRequestSpec other = new UploadRequestSpec("other.txt", 4);
      other.setUploadClassName(CLASS);
      foreign = fixture.create("foreign-secret", other);
      String uid = request.getMetadata().getUid();
      String key = "media/uploads/" + uid.replace("-", "") + "-again.txt";
      String earlier =
          JSON.writeValueAsString(
              new PresignedPost(
                  "http://earlier/", Map.of("key", key, "x-amz-signature", "signed-earlier")));
      fixture
          .client()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("presign-form-" + uid)
                  .withNamespace(NS)
                  .addToAnnotations("uploads.presign.dev/key", key)
                  .addToAnnotations("uploads.presign.dev/bucket", OperatorFixture.BUCKET)
                  .addToAnnotations("uploads.presign.dev/issued-at", "2026-12-05T01:00:00Z")
                  .addToAnnotations("uploads.presign.dev/expires-at", "2099-01-01T00:00:00Z")
                  .addNewOwnerReference()
                  .withApiVersion("uploads.presign.dev/v1alpha1")
                  .withKind("UploadRequest")
                  .withName("signed-before")
                  .withUid(uid)
                  .withController(true)
                  .endOwnerReference()
                  .endMetadata()
                  .withType("uploads.presign.dev/signed-form")
                  .withData(Map.of("presignedPost", base64(earlier)))
                  .build())
          .create();
      fixture
          .client()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("presign-form-" + foreign.getMetadata().getUid())
                  .withNamespace(NS)
                  .endMetadata()
                  .withData(Map.of("password", base64("not-the-operators")))
                  .build())
          .create();
    } finally {
      fixture.startOperator();
    }

    UploadRequest issued = fixture.awaitPhase("signed-before", Phase.ISSUED);
    assertThat(issued.getStatus().getIssuedAt()).isEqualTo("2026-12-05T01:00:00Z");
    assertThat(issued.getStatus().getExpiresAt()).isEqualTo("2099-01-01T00:00:00Z");
    PresignedPost kept =
        decode(formSecret(request.getMetadata().getUid()), "presignedPost", PresignedPost.class);
    assertThat(kept.getFields()).containsEntry("x-amz-signature", "signed-earlier");

    UploadRequest refused = fixture.awaitPhase("foreign-secret", Phase.FAILED);
    assertThat(refused.getStatus().findCondition("Failed").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo(Reasons.FORM_SECRET_CONFLICT);
              assertThat(c.getMessage())
                  .contains("presign-form-" + foreign.getMetadata().getUid(), "not owned");
            });
    assertThat(formSecret(foreign.getMetadata().getUid()).getData())
        .as("the foreign Secret as it was")
        .isEqualTo(Map.of("password", base64("not-the-operators")));
  }

  /** Without RBAC on Secrets the request waits, and its Ready condition says what to grant. */
  @Test
  void aForbiddenSecretWriteLeavesTheRequestPendingWithWhatToGrant() {
    Function<RecordedRequest, MockResponse> forbidden =
        r ->
            r.getPath().contains("/namespaces/" + NS + "/secrets")
                ? new MockResponse()
                    .setResponseCode(403)
                    .setBody(
                        Serialization.asJson(
                            new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("secrets is forbidden")
                                .build()))
                : null;
    fixture.cluster.intercept(forbidden);
    try {
      UploadRequestSpec spec = new UploadRequestSpec("no-rbac.txt", 4);
      spec.setUploadClassName(CLASS);
      fixture.create("no-rbac", spec);
      UploadRequest waiting =
          Await.until(
              "no-rbac to say why it waits",
              Duration.ofSeconds(30),
              () -> fixture.get("no-rbac"),
              r ->
                  r.getStatus() != null
                      && r.getStatus()
                          .findCondition("Ready")
                          .map(c -> c.getMessage().contains("formDelivery: Secret"))
                          .orElse(false));
      assertThat(waiting.getStatus().getPhase()).isEqualTo(Phase.PENDING);
      assertThat(waiting.getStatus().findCondition("Ready").orElseThrow().getMessage())
          .contains("may not get, create or delete Secrets in namespace " + NS);
    } finally {
      fixture.cluster.removeInterceptor(forbidden);
    }
    assertThat(fixture.awaitPhase("no-rbac", Phase.ISSUED).getStatus().getFormSecretName())
        .as("issued once the operator may write the Secret")
        .startsWith("presign-form-");
  }

  private static ApiClient.Reply create(String fileName, int size) throws Exception {
    return api()
        .postJson(
            "/api/v1/uploads/",
            appToken,
            "{\"original_file_name\": \""
                + fileName
                + "\", \"file_size\": "
                + size
                + ", \"upload_class\": \""
                + CLASS
                + "\"}");
  }

  /** Asserted without printing the Secret (a failure message must not show a form either). */
  private static void assertGone(String uid, String what) {
    assertThat(formSecret(uid) == null).as(what + " is deleted").isTrue();
  }

  private static Secret formSecret(String uid) {
    return fixture.client().secrets().inNamespace(NS).withName("presign-form-" + uid).get();
  }

  private static Map<String, String> fields(JsonNode form) {
    return JSON.convertValue(form.path("fields"), new TypeReference<>() {});
  }

  private static <T> T decode(Secret secret, String key, Class<T> type) throws Exception {
    return JSON.readValue(Base64.getDecoder().decode(secret.getData().get(key)), type);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
