package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.Await;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What a tenant can write is never trusted for what to sign or which object to touch. A namespace
 * admin whose Role has {@code resources: ["*"]} may patch {@code uploadrequests/status}; each case
 * forges one field and checks that no link or confirmation comes out for another object. Each of
 * these failed before the upload domain derived bucket, key and class itself.
 */
class TrustBoundaryIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String VICTIM_KEY = "media/uploads/someone-elses-file.pdf";
  private static final String OTHER_BUCKET = "private";
  private static final byte[] VICTIM = "the victim's bytes".getBytes(StandardCharsets.US_ASCII);
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
    fixture.auth.allow(APP, "delete", NS);
    fixture.s3.createBucket(OTHER_BUCKET);
    fixture
        .s3
        .client()
        .putObject(
            b -> b.bucket(OperatorFixture.BUCKET).key(VICTIM_KEY), RequestBody.fromBytes(VICTIM));
    fixture
        .s3
        .client()
        .putObject(b -> b.bucket(OTHER_BUCKET).key("secret.pdf"), RequestBody.fromBytes(VICTIM));
    UploadClass other = fixture.exampleClass();
    other.getMetadata().setName("other");
    other.getMetadata().setAnnotations(null);
    other.getSpec().setKeyPrefix("other/");
    fixture.client().resource(other).create();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  static Stream<Arguments> forgeries() {
    return Stream.of(
        Arguments.of("another object's key", "{\"key\": \"" + VICTIM_KEY + "\"}", "key"),
        Arguments.of("another bucket", "{\"bucket\": \"" + OTHER_BUCKET + "\"}", "bucket"),
        Arguments.of(
            "another bucket and key",
            "{\"bucket\": \"" + OTHER_BUCKET + "\", \"key\": \"secret.pdf\"}",
            "bucket"),
        Arguments.of("another class", "{\"uploadClassName\": \"other\"}", "upload_class"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgeries")
  void aForgedStatusOfAnUploadedRequestGetsNoLinkAndNoConfirmation(
      String forgery, String statusPatch, String field) throws Exception {
    JsonNode upload = uploaded("forged.pdf");
    String id = upload.get("id").asText();
    forge(upload.get("name").asText(), statusPatch);
    awaitCachedStatus(id, statusPatch);

    ApiClient.Reply link = api.get("/api/v1/uploads/" + id + "/download-url", appToken);
    assertThat(link.status()).as(link.body()).isEqualTo(409);
    assertThat(link.json().get("errors").has(field)).as(link.body()).isTrue();
    assertNoLink(link);

    ApiClient.Reply complete = api.post("/api/v1/uploads/" + id + "/complete", appToken, null, "");
    assertThat(complete.status()).as(complete.body()).isEqualTo(409);
    assertThat(complete.json().get("errors").has(field)).as(complete.body()).isTrue();
    assertNoLink(complete);
  }

  @Test
  void aForgedIssuedStatusIsRefusedNotConfirmedWithAnotherObjectsSizeAndEtag() throws Exception {
    ApiClient.Reply created = created("never-sent.pdf");
    String name = created.json().get("name").asText();
    // The victim's object has exactly the size this request signed for.
    forge(name, "{\"key\": \"" + VICTIM_KEY + "\"}");

    UploadRequest refused =
        Await.until(
            "the forged request refused",
            Duration.ofSeconds(30),
            () ->
                fixture
                    .client()
                    .resources(UploadRequest.class)
                    .inNamespace(NS)
                    .withName(name)
                    .get(),
            r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.FAILED);
    assertThat(refused.getStatus().getObject()).isNull();
    assertThat(refused.getStatus().findCondition(ConditionTypes.FAILED))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getReason()).isEqualTo(Reasons.STATUS_MISMATCH);
              assertThat(c.getMessage()).startsWith("status.key: ");
            });
    assertThat(refused.getStatus().getPresignedPost()).isNull();
  }

  @Test
  void bytesPostedAgainWithAKeptFormAfterCompleteAreNeverServed() throws Exception {
    ApiClient.Reply created = created("report.pdf");
    JsonNode form = created.json().get("presigned_post_data");
    String id = created.json().get("id").asText();
    assertThat(post(form, VICTIM).statusCode()).isBetween(200, 299);
    ApiClient.Reply complete = api.post("/api/v1/uploads/" + id + "/complete", appToken, null, "");
    assertThat(complete.status()).as(complete.body()).isEqualTo(200);
    assertThat(complete.json().has("presigned_post_data")).as(complete.body()).isFalse();

    // The browser kept the form: other bytes of the same size, before the form expires.
    byte[] other = "THE SWAPPED BYTES!".getBytes(StandardCharsets.US_ASCII);
    assertThat(other).hasSameSizeAs(VICTIM);
    assertThat(post(form, other).statusCode()).isBetween(200, 299);

    ApiClient.Reply link = api.get("/api/v1/uploads/" + id + "/download-url", appToken);
    assertThat(link.status()).as(link.body()).isEqualTo(409);
    assertThat(link.json().get("errors").get("file").asText()).contains("changed since");
    assertNoLink(link);
  }

  @Test
  void aCancelledUploadLosesItsFormAndIsNeverConfirmed() throws Exception {
    ApiClient.Reply created = created("cancel-me.pdf");
    String id = created.json().get("id").asText();

    ApiClient.Reply cancelled = api.delete("/api/v1/uploads/" + id, appToken);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().get("status").asText()).isEqualTo("Failed");
    assertThat(cancelled.json().has("presigned_post_data")).isFalse();
    ApiClient.Reply again = api.delete("/api/v1/uploads/" + id, appToken);
    assertThat(again.status()).as(again.body()).isEqualTo(200);

    assertThat(post(created.json().get("presigned_post_data"), VICTIM).statusCode())
        .isBetween(200, 299);
    ApiClient.Reply complete = api.post("/api/v1/uploads/" + id + "/complete", appToken, null, "");
    assertThat(complete.status()).as(complete.body()).isEqualTo(409);
    assertThat(complete.json().get("errors").has("status")).as(complete.body()).isTrue();
    UploadRequest stored =
        fixture
            .client()
            .resources(UploadRequest.class)
            .inNamespace(NS)
            .withName(created.json().get("name").asText())
            .get();
    assertThat(stored.getStatus().findCondition(ConditionTypes.FAILED))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo(Reasons.CANCELLED));
  }

  /** An upload of {@link #VICTIM}'s size recorded through the API: 201 with its signed form. */
  private static ApiClient.Reply created(String fileName) throws Exception {
    ApiClient.Reply created =
        api.postJson(
            "/api/v1/uploads/",
            appToken,
            "{\"original_file_name\": \"" + fileName + "\", \"file_size\": " + VICTIM.length + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created;
  }

  /** An upload made, sent and completed through the API, as the seed's frontends do. */
  private static JsonNode uploaded(String fileName) throws Exception {
    ApiClient.Reply created = created(fileName);
    assertThat(post(created.json().get("presigned_post_data"), VICTIM).statusCode())
        .isBetween(200, 299);
    String id = created.json().get("id").asText();
    ApiClient.Reply complete = api.post("/api/v1/uploads/" + id + "/complete", appToken, null, "");
    assertThat(complete.status()).as(complete.body()).isEqualTo(200);
    return complete.json();
  }

  private static HttpResponse<String> post(JsonNode form, byte[] content) throws Exception {
    Map<String, String> fields =
        new ObjectMapper().convertValue(form.get("fields"), new TypeReference<>() {});
    return new MultipartForm()
        .fields(fields)
        .file("file.pdf", fields.get("Content-Type"), content)
        .postTo(form.get("url").asText());
  }

  /** What a tenant with patch on uploadrequests/status can do. */
  private static void forge(String name, String statusPatch) {
    fixture
        .client()
        .resources(UploadRequest.class)
        .inNamespace(NS)
        .withName(name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\": " + statusPatch + "}");
  }

  /** Waits until the API's own cache shows the forgery, so the answer is about it. */
  private static void awaitCachedStatus(String id, String statusPatch) throws Exception {
    Map<String, String> forged =
        new ObjectMapper().readValue(statusPatch, new TypeReference<>() {});
    Await.until(
        "the forged status in the API's cache",
        Duration.ofSeconds(10),
        () -> {
          try {
            return api.get("/api/v1/uploads/" + id, appToken).json();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        json ->
            forged.entrySet().stream()
                .allMatch(
                    e ->
                        e.getValue()
                            .equals(
                                json.path(
                                        switch (e.getKey()) {
                                          case "uploadClassName" -> "upload_class";
                                          default -> e.getKey();
                                        })
                                    .asText())));
  }

  private static void assertNoLink(ApiClient.Reply reply) {
    assertThat(reply.body())
        .doesNotContain("\"url\"")
        .doesNotContainIgnoringCase("X-Amz-Signature")
        .doesNotContain("secret.pdf\"");
  }
}
