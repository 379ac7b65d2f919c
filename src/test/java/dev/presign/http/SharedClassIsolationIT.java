package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two namespaces share a class chosen by a namespaceSelector, with no allowedUploadTo: whatever
 * folder team-a names, its bytes land under its own namespace, never in team-b's folder (S3Proxy
 * enforces the signed key).
 */
class SharedClassIsolationIT {
  private static final String A = OperatorFixture.NAMESPACE;
  private static final String B = "team-b";
  private static final byte[] CONTENT = "not team-b's invoice".getBytes(StandardCharsets.UTF_8);
  private static OperatorFixture fixture;
  private static ApiClient api;
  private static String tokenA;
  private static String tokenB;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
    api = new ApiClient(fixture.apiUrl());
    fixture
        .client()
        .namespaces()
        .withName(A)
        .edit(
            n ->
                new io.fabric8.kubernetes.api.model.NamespaceBuilder(n)
                    .editMetadata()
                    .addToLabels("uploads", "shared")
                    .endMetadata()
                    .build());
    fixture.cluster.createNamespace(B, "uploads", "shared");
    tokenA = fixture.auth.serviceAccountToken(A, "app");
    tokenB = fixture.auth.serviceAccountToken(B, "app");
    for (String ns : new String[] {A, B}) {
      fixture.auth.allow("system:serviceaccount:" + ns + ":app", "create", ns);
      fixture.auth.allow("system:serviceaccount:" + ns + ":app", "get", ns);
    }
    UploadClass shared = fixture.exampleClass();
    shared.getMetadata().setName("shared");
    shared.getMetadata().setAnnotations(null);
    shared
        .getSpec()
        .setNamespaceSelector(
            new LabelSelectorBuilder().addToMatchLabels("uploads", "shared").build());
    fixture.client().resource(shared).create();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aNamespaceNamingAnothersFolderUploadsUnderItsOwnNamespace() throws Exception {
    JsonNode ofB = create(tokenB, "invoices");
    JsonNode ofA = create(tokenA, "team-b/invoices");
    String keyOfA = ofA.get("key").asText();
    assertThat(keyOfA)
        .as("team-a's key, asking for folder team-b/invoices")
        .doesNotStartWith("media/team-b/")
        .startsWith("media/team-a/team-b/invoices/");
    assertThat(ofB.get("key").asText()).startsWith("media/team-b/invoices/");
    assertThat(post(ofB, null).statusCode()).isBetween(200, 299);
    assertThat(ofA.get("upload_to").asText()).isEqualTo("team-b/invoices");

    // A's form with its key moved into B's folder: the signature does not cover it.
    String intoB = "media/team-b/invoices/" + keyOfA.substring(keyOfA.lastIndexOf('/') + 1);
    assertThat(post(ofA, intoB).statusCode()).isEqualTo(403);
    assertThat(post(ofA, null).statusCode()).isBetween(200, 299);

    assertThat(
            fixture
                .s3
                .client()
                .listObjectsV2(b -> b.bucket(OperatorFixture.BUCKET).prefix("media/team-b/"))
                .contents())
        .extracting(S3Object::key)
        .containsExactly(ofB.get("key").asText());
  }

  private static JsonNode create(String token, String uploadTo) throws Exception {
    String body =
        new ObjectMapper()
            .writeValueAsString(
                Map.of(
                    "original_file_name",
                    "invoice.pdf",
                    "file_size",
                    CONTENT.length,
                    "upload_to",
                    uploadTo,
                    "upload_class",
                    "shared"));
    ApiClient.Reply created = api.postJson("/api/v1/uploads/", token, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  /** POSTs the form to S3, with {@code key} instead of the signed one when not null. */
  private static HttpResponse<String> post(JsonNode upload, String key) throws Exception {
    JsonNode form = upload.get("presigned_post_data");
    Map<String, String> fields =
        new HashMap<>(
            new ObjectMapper()
                .convertValue(
                    form.get("fields"),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {}));
    if (key != null) {
      fields.put("key", key);
    }
    return new MultipartForm()
        .fields(fields)
        .file("invoice.pdf", fields.get("Content-Type"), CONTENT)
        .postTo(form.get("url").asText());
  }
}
