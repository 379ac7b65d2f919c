package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON the operator writes: camelCase names, enum spellings, no nulls, no helper methods. */
class SerializationTest {

  @Test
  void unsetFieldsAreNotSerialized() {
    assertThat(Serialization.asJson(new UploadRequestSpec())).isEqualTo("{}");
    assertThat(Serialization.asJson(new UploadClassSpec())).isEqualTo("{}");
    assertThat(Serialization.asJson(new UploadRequestStatus())).isEqualTo("{}");
    assertThat(Serialization.asJson(new UploadClassStatus())).isEqualTo("{}");
    assertThat(Serialization.asJson(new PresignedPost())).isEqualTo("{}");
    assertThat(Serialization.asJson(new UploadedObject())).isEqualTo("{}");
  }

  @Test
  void helperMethodsAreNotSerialized() {
    UploadClass upload = fullClass();
    UploadRequest request = fullRequest();

    JsonNode classJson = tree(upload);
    JsonNode requestJson = tree(request);

    assertThat(classJson.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("apiVersion", "kind", "metadata", "spec", "status");
    assertThat(classJson.get("status").has("ready")).isFalse();
    assertThat(classJson.get("spec").has("effectiveRegion")).isFalse();
    assertThat(classJson.has("defaultClass")).isFalse();
    assertThat(requestJson.has("finished")).isFalse();
  }

  @Test
  void enumsUseTheirApiSpelling() {
    JsonNode json = tree(fullClass());
    assertThat(json.at("/spec/addressingStyle").asText()).isEqualTo("path");
    assertThat(json.at("/spec/method").asText()).isEqualTo("PUT");

    JsonNode request = tree(fullRequest());
    assertThat(request.at("/status/phase").asText()).isEqualTo("Issued");
    assertThat(request.at("/spec/checksumSHA256").isTextual()).isTrue();

    for (Phase phase : Phase.values()) {
      assertThat(Serialization.asJson(phase)).isEqualTo("\"" + phase.value() + "\"");
      assertThat(Serialization.unmarshal("\"" + phase.value() + "\"", Phase.class))
          .isEqualTo(phase);
    }
  }

  @Test
  void quantitiesAndSelectorsKeepTheirKubernetesShape() {
    JsonNode json = tree(fullClass());

    assertThat(json.at("/spec/maxFileSize").asText()).isEqualTo("100Mi");
    assertThat(json.at("/spec/namespaceSelector/matchLabels/team").asText()).isEqualTo("a");
  }

  @Test
  void resourcesRoundTrip() {
    UploadClass upload = fullClass();
    UploadRequest request = fullRequest();

    UploadClass classBack =
        Serialization.unmarshal(Serialization.asYaml(upload), UploadClass.class);
    UploadRequest requestBack =
        Serialization.unmarshal(Serialization.asYaml(request), UploadRequest.class);

    assertThat(classBack.getSpec()).isEqualTo(upload.getSpec());
    assertThat(classBack.getStatus()).isEqualTo(upload.getStatus());
    assertThat(requestBack.getSpec()).isEqualTo(request.getSpec());
    assertThat(requestBack.getStatus()).isEqualTo(request.getStatus());
    assertThat(requestBack.getStatus().hashCode()).isEqualTo(request.getStatus().hashCode());
  }

  @Test
  void statusEqualityDetectsChanges() {
    UploadRequestStatus a = fullRequest().getStatus();
    UploadRequestStatus b = fullRequest().getStatus();
    assertThat(a).isEqualTo(b);

    b.setNextCheckAt("2026-01-01T00:05:00Z");
    assertThat(a).isNotEqualTo(b);
  }

  private static JsonNode tree(Object o) {
    return Serialization.unmarshal(Serialization.asJson(o), JsonNode.class);
  }

  static UploadClass fullClass() {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setBucket("uploads");
    spec.setRegion("us-east-1");
    spec.setEndpoint("http://127.0.0.1:9000");
    spec.setAddressingStyle(AddressingStyle.PATH);
    spec.setCredentials(
        new UploadCredentials(new SecretReference("presign-system", "s3-credentials")));
    spec.setKeyPrefix("media/");
    spec.setDefaultUploadTo("uploads");
    spec.setAllowedUploadTo(List.of("uploads", "avatars"));
    spec.setMaxFileSize(new Quantity("100Mi"));
    spec.setAllowedContentTypes(List.of("application/pdf", "image/*"));
    spec.setDefaultExpiresInSeconds(3600);
    spec.setMaxExpiresInSeconds(86400);
    spec.setTtlSecondsAfterFinished(600);
    spec.setNamespaceSelector(
        new LabelSelectorBuilder().withMatchLabels(Map.of("team", "a")).build());
    spec.setMethod(UploadMethod.PUT);
    spec.setSuccessActionStatus(201);
    UploadClassStatus status = new UploadClassStatus();
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType(ConditionTypes.READY)
                .withStatus(ConditionTypes.STATUS_TRUE)
                .withReason(Reasons.PROBED)
                .withMessage("HeadBucket uploads succeeded")
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .withObservedGeneration(1L)
                .build()));
    status.setObservedGeneration(1L);
    status.setCredentialsSource("secret presign-system/s3-credentials");
    status.setLastProbeTime("2026-01-01T00:00:00Z");
    UploadClass upload = new UploadClass();
    upload.setMetadata(new ObjectMetaBuilder().withName("default").build());
    upload.setSpec(spec);
    upload.setStatus(status);
    return upload;
  }

  static UploadRequest fullRequest() {
    UploadRequestSpec spec = new UploadRequestSpec("lorem-ipsum.pdf", 77000);
    spec.setUploadClassName("default");
    spec.setContentType("application/pdf");
    spec.setUploadTo("uploads");
    spec.setExpiresInSeconds(3600);
    spec.setMethod(UploadMethod.POST);
    spec.setMetadata(Map.of("owner", "alice"));
    spec.setChecksumSHA256("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    UploadRequestStatus status = new UploadRequestStatus();
    status.setPhase(Phase.ISSUED);
    status.setId("90bd0986-9a98-40a2-9d94-f3f84eef68d0");
    status.setUploadClassName("default");
    status.setFileName("90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf");
    status.setKey("media/uploads/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf");
    status.setBucket("uploads");
    status.setFileType("application/pdf");
    status.setUploadTo("uploads");
    status.setPresignedPost(
        new PresignedPost("http://127.0.0.1:9000/uploads/", Map.of("key", "media/uploads/x.pdf")));
    status.setIssuedAt("2026-01-01T00:00:00Z");
    status.setExpiresAt("2026-01-01T01:00:00Z");
    status.setObject(new UploadedObject(77000L, "\"etag\"", "application/pdf"));
    status.setCreatedBy("system:serviceaccount:shop:web");
    status.setObservedGeneration(1L);
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType(ConditionTypes.READY)
                .withStatus(ConditionTypes.STATUS_TRUE)
                .withReason(Reasons.ISSUED)
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build()));
    status.setNextCheckAt("2026-01-01T00:01:00Z");
    UploadRequest request = new UploadRequest();
    request.setMetadata(
        new ObjectMetaBuilder().withName("lorem-ipsum").withNamespace("default").build());
    request.setSpec(spec);
    request.setStatus(status);
    return request;
  }
}
