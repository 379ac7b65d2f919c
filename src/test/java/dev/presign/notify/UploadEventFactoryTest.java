package dev.presign.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.PresignedPost;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.api.v1alpha1.UploadedObject;
import dev.presign.naming.UploadPlan;
import dev.presign.uploads.UploadTarget;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UploadEventFactoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UID = "90bd0986-9a98-40a2-9d94-f3f84eef68d0";
  private static final String KEY =
      "media/uploads/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf";
  private static final String FINISHED_AT = "2026-12-05T10:00:00Z";
  private static final Instant SENT_AT = Instant.parse("2026-12-05T10:07:00Z");
  private static final String SECRET_LOOKING = "CnryMetaValue/abc+def=";

  private final UploadEventFactory factory = new UploadEventFactory();

  @Test
  void uploadedEventIsStructuredCloudEventsJson() throws Exception {
    UploadRequest request = request(Phase.UPLOADED, Reasons.UPLOADED, "True");
    request
        .getStatus()
        .setObject(
            new UploadedObject(77000L, "\"9b2cf535f27731c974343645a3985328\"", "application/pdf"));

    UploadEvent event = factory.of(request, target(), "hooked", SENT_AT);

    assertThat(event.id()).isEqualTo(UID + "/Uploaded");
    assertThat(event.type()).isEqualTo("dev.presign.upload.uploaded");
    assertThat(new String(event.body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"specversion\":\"1.0\",\"type\":\"dev.presign.upload.uploaded\","
                + "\"source\":\"/apis/uploads.presign.dev/v1alpha1/namespaces/team-a/uploadrequests\","
                + "\"subject\":\"lorem-ipsum\",\"id\":\""
                + UID
                + "/Uploaded\","
                + "\"time\":\""
                + FINISHED_AT
                + "\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"namespace\":\"team-a\",\"name\":\"lorem-ipsum\",\"uid\":\""
                + UID
                + "\","
                + "\"phase\":\"Uploaded\",\"reason\":\"Uploaded\",\"uploadClassName\":\"hooked\","
                + "\"bucket\":\"uploads\",\"key\":\""
                + KEY
                + "\",\"contentType\":\"application/pdf\","
                + "\"size\":77000,\"etag\":\"\\\"9b2cf535f27731c974343645a3985328\\\"\"}}");
  }

  static Stream<Arguments> phases() {
    return Stream.of(
        Arguments.of(Phase.EXPIRED, Reasons.EXPIRED, "dev.presign.upload.expired", true),
        Arguments.of(Phase.FAILED, Reasons.CANCELLED, "dev.presign.upload.failed", true),
        Arguments.of(
            Phase.FAILED, Reasons.CONTENT_TYPE_MISMATCH, "dev.presign.upload.failed", true),
        Arguments.of(Phase.FAILED, Reasons.FILE_TOO_LARGE, "dev.presign.upload.failed", false));
  }

  @ParameterizedTest(name = "{0} ({1}) is {2}")
  @MethodSource("phases")
  void everyFinishedPhaseHasItsTypeAndReason(
      Phase phase, String reason, String type, boolean signed) throws Exception {
    UploadRequest request = request(phase, reason, "False");
    if (!signed) {
      request.getStatus().setKey(null);
      request.getStatus().setBucket(null);
    }

    UploadEvent event = factory.of(request, signed ? target() : null, "hooked", SENT_AT);
    JsonNode json = JSON.readTree(event.body());

    assertThat(json.path("type").asText()).isEqualTo(type);
    assertThat(json.path("id").asText()).isEqualTo(UID + "/" + phase.value());
    assertThat(json.path("time").asText()).isEqualTo(FINISHED_AT);
    assertThat(json.path("data").path("reason").asText()).isEqualTo(reason);
    assertThat(json.path("data").path("size").asLong()).isEqualTo(77000L);
    assertThat(json.path("data").has("key")).isEqualTo(signed);
    assertThat(json.path("data").has("etag")).isFalse();
  }

  @Test
  void theSameRequestGivesTheSameBytesWheneverItIsSent() {
    UploadRequest request = request(Phase.EXPIRED, Reasons.EXPIRED, "False");

    assertThat(factory.of(request, target(), "hooked", SENT_AT).body())
        .isEqualTo(factory.of(request, target(), "hooked", SENT_AT.plusSeconds(3600)).body());
  }

  /** Bucket and key come from the target (spec, uid, class), not from a status a tenant wrote. */
  @Test
  void whereTheObjectIsComesFromTheTargetNotTheStatus() throws Exception {
    UploadRequest request = request(Phase.EXPIRED, Reasons.EXPIRED, "False");
    request.getStatus().setBucket("someone-elses-bucket");
    request.getStatus().setKey("media/other-team/their-file.pdf");

    JsonNode data =
        JSON.readTree(factory.of(request, target(), "hooked", SENT_AT).body()).path("data");

    assertThat(data.path("bucket").asText()).isEqualTo("uploads");
    assertThat(data.path("key").asText()).isEqualTo(KEY);
  }

  @Test
  void carriesNoFormNoMetadataAndNothingElseOfTheStatus() throws Exception {
    UploadRequest request = request(Phase.FAILED, Reasons.CANCELLED, "False");

    String body =
        new String(factory.of(request, target(), "hooked", SENT_AT).body(), StandardCharsets.UTF_8);
    JsonNode data = JSON.readTree(body).path("data");

    assertThat(body)
        .doesNotContain(SECRET_LOOKING)
        .doesNotContain("CnryPolicy")
        .doesNotContain("CnrySignature")
        .doesNotContain("x-amz")
        .doesNotContain("formSecret")
        .doesNotContain("system:serviceaccount");
    List<String> fields = iterable(data.fieldNames());
    assertThat(fields)
        .containsExactly(
            "namespace",
            "name",
            "uid",
            "phase",
            "reason",
            "uploadClassName",
            "bucket",
            "key",
            "contentType",
            "size");
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> all = new java.util.ArrayList<>();
    names.forEachRemaining(all::add);
    return all;
  }

  private static UploadTarget target() {
    UploadClass uploadClass = new UploadClass();
    uploadClass.setMetadata(new ObjectMetaBuilder().withName("hooked").build());
    UploadClassSpec spec = new UploadClassSpec();
    spec.setBucket("uploads");
    uploadClass.setSpec(spec);
    return new UploadTarget(
        uploadClass,
        "uploads",
        new UploadPlan(
            UUID.fromString(UID),
            "90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf",
            "uploads",
            KEY,
            "application/pdf"));
  }

  private static UploadRequest request(Phase phase, String reason, String readyStatus) {
    UploadRequest request = new UploadRequest();
    request.setMetadata(
        new ObjectMetaBuilder()
            .withName("lorem-ipsum")
            .withNamespace("team-a")
            .withUid(UID)
            .withGeneration(1L)
            .build());
    UploadRequestSpec spec = new UploadRequestSpec("lorem-ipsum.pdf", 77000);
    spec.setUploadClassName("hooked");
    spec.setMetadata(Map.of("note", SECRET_LOOKING));
    request.setSpec(spec);
    UploadRequestStatus status = new UploadRequestStatus();
    status.setPhase(phase);
    status.setUploadClassName("hooked");
    status.setBucket("uploads");
    status.setKey(KEY);
    status.setFileType("application/pdf");
    status.setCreatedBy("system:serviceaccount:team-a:web");
    status.setFormSecretName("lorem-ipsum-form");
    status.setPresignedPost(
        new PresignedPost(
            "http://s3/uploads/",
            Map.of("policy", "CnryPolicy", "x-amz-signature", "CnrySignature")));
    List<io.fabric8.kubernetes.api.model.Condition> conditions = new java.util.ArrayList<>();
    // As UploadRequestStatuses writes them: a failure's Ready reason is "Failed", the detail is in
    // the Denied or Failed condition.
    conditions.add(
        new ConditionBuilder()
            .withType(ConditionTypes.READY)
            .withStatus(readyStatus)
            .withReason(phase == Phase.FAILED ? Phase.FAILED.value() : reason)
            .withMessage("done")
            .withLastTransitionTime(FINISHED_AT)
            .build());
    if (phase == Phase.FAILED) {
      conditions.add(
          new ConditionBuilder()
              .withType(
                  reason.equals(Reasons.FILE_TOO_LARGE)
                      ? ConditionTypes.DENIED
                      : ConditionTypes.FAILED)
              .withStatus("True")
              .withReason(reason)
              .withMessage("why")
              .withLastTransitionTime(FINISHED_AT)
              .build());
    }
    status.setConditions(conditions);
    request.setStatus(status);
    return request;
  }
}
