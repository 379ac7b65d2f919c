package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.PresignedPost;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.fields.UploadField;
import dev.presign.naming.UploadPlan;
import dev.presign.s3.StoredObject;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Status transitions with a fixed clock, as a table: phase, Ready reason, and the form's fate. */
class UploadRequestStatusesTest {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private static final UploadRequestStatuses STATUSES =
      new UploadRequestStatuses(new ConditionSetter(Clock.fixed(T0, ZoneOffset.UTC)));
  private static final IssuedUpload SIGNED =
      new IssuedUpload(
          new UploadPlan(
              UUID.fromString(TestUploads.UID),
              "90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf",
              "uploads",
              TestUploads.KEY,
              "application/pdf"),
          "uploads",
          new PresignedPost("https://uploads.s3.amazonaws.com/", Map.of("key", TestUploads.KEY)),
          null,
          T0,
          T0.plusSeconds(3600));

  static UploadRequest issuedRequest() {
    UploadRequest request = TestUploads.issued(null);
    request.setStatus(STATUSES.issued(request, "default", SIGNED));
    return request;
  }

  /**
   * transition, what it builds from an issued request, phase, Ready status and reason, form kept
   */
  static Stream<Arguments> transitions() {
    return Stream.of(
        row(
            "issued again (unchanged)",
            (r, s) -> s.issued(r, "default", SIGNED),
            Phase.ISSUED,
            "True",
            "Issued",
            true),
        row(
            "uploaded",
            (r, s) ->
                s.uploaded(r, new StoredObject(77000, "etag-1", "application/pdf", T0, "v1"), T0),
            Phase.UPLOADED,
            "True",
            "Uploaded",
            false),
        row("expired", (r, s) -> s.expired(r), Phase.EXPIRED, "False", "Expired", false),
        row(
            "failed on a mismatch",
            (r, s) ->
                s.failed(r, Violation.failed("SizeMismatch", UploadField.FILE_SIZE, "wrong size")),
            Phase.FAILED,
            "False",
            "Failed",
            false),
        row(
            "cancelled",
            (r, s) ->
                s.failed(
                    r, Violation.failed("Cancelled", (UploadField) null, "cancelled by someone")),
            Phase.FAILED,
            "False",
            "Failed",
            false));
  }

  private static Arguments row(
      String name,
      BiFunction<UploadRequest, UploadRequestStatuses, UploadRequestStatus> transition,
      Phase phase,
      String ready,
      String reason,
      boolean formKept) {
    return Arguments.of(name, transition, phase, ready, reason, formKept);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void fromIssued(
      String name,
      BiFunction<UploadRequest, UploadRequestStatuses, UploadRequestStatus> transition,
      Phase phase,
      String ready,
      String reason,
      boolean formKept) {
    UploadRequest request = issuedRequest();

    UploadRequestStatus next = transition.apply(request, STATUSES);

    assertThat(next.getPhase()).isEqualTo(phase);
    Condition condition = next.findCondition(ConditionTypes.READY).orElseThrow();
    assertThat(condition.getStatus()).isEqualTo(ready);
    assertThat(condition.getReason()).isEqualTo(reason);
    assertThat(next.getPresignedPost() != null).isEqualTo(formKept);
    // What identifies the upload stays, whatever the phase.
    assertThat(next.getKey()).isEqualTo(TestUploads.KEY);
    assertThat(next.getBucket()).isEqualTo("uploads");
    assertThat(next.getExpiresAt()).isEqualTo(T0.plusSeconds(3600).toString());
    assertThat(next.getId()).isEqualTo(TestUploads.UID);
  }

  @Test
  void anUnchangedOutcomeIsAnEqualStatusSoNothingIsWritten() {
    UploadRequest request = issuedRequest();

    assertThat(STATUSES.issued(request, "default", SIGNED)).isEqualTo(request.getStatus());
  }

  @Test
  void theTransitionTimeStaysWhileTheConditionDoes() {
    UploadRequest request = TestUploads.issued(null);
    request.setStatus(STATUSES.pending(request, "waiting for the class"));
    String first =
        request
            .getStatus()
            .findCondition(ConditionTypes.READY)
            .orElseThrow()
            .getLastTransitionTime();
    UploadRequestStatuses later =
        new UploadRequestStatuses(
            new ConditionSetter(Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC)));

    UploadRequestStatus again = later.pending(request, "still waiting for the class");
    UploadRequestStatus moved = later.issued(request, "default", SIGNED);

    assertThat(again.findCondition(ConditionTypes.READY).orElseThrow().getLastTransitionTime())
        .isEqualTo(first);
    assertThat(moved.findCondition(ConditionTypes.READY).orElseThrow().getLastTransitionTime())
        .isNotEqualTo(first);
  }

  @Test
  void theConfirmedVersionIsRecorded() {
    UploadRequestStatus uploaded =
        STATUSES.uploaded(
            issuedRequest(), new StoredObject(77000, "etag-1", "application/pdf", T0, "v1"), T0);

    assertThat(uploaded.getObject().getVersionId()).isEqualTo("v1");
    assertThat(uploaded.getObject().getEtag()).isEqualTo("etag-1");
    assertThat(uploaded.getUploadedAt()).isEqualTo(T0.toString());
  }

  @Test
  void secretDeliveryNamesTheSecretAndCarriesNoForm() {
    UploadRequest request = TestUploads.issued(null);

    UploadRequestStatus status =
        STATUSES.issuedInSecret(request, "default", SIGNED, "presign-form-" + TestUploads.UID);

    assertThat(status.getPhase()).isEqualTo(Phase.ISSUED);
    assertThat(status.getPresignedPost()).isNull();
    assertThat(status.getPresignedPut()).isNull();
    assertThat(status.getFormSecretName()).isEqualTo("presign-form-" + TestUploads.UID);
    assertThat(status.getKey()).isEqualTo(TestUploads.KEY);
    assertThat(status.getExpiresAt()).isEqualTo(SIGNED.expiresAt().toString());
  }

  @Test
  void finishingForgetsTheFormSecretsName() {
    UploadRequest request = TestUploads.issued(null);
    request.setStatus(
        STATUSES.issuedInSecret(request, "default", SIGNED, "presign-form-" + TestUploads.UID));

    assertThat(STATUSES.expired(request).getFormSecretName()).isNull();
    assertThat(
            STATUSES
                .uploaded(request, new StoredObject(1, "e", "application/pdf", T0, null), T0)
                .getFormSecretName())
        .isNull();
    assertThat(
            STATUSES
                .failed(request, Violation.failed("Cancelled", (UploadField) null, "cancelled"))
                .getFormSecretName())
        .isNull();
    assertThat(STATUSES.pending(request, "waiting").getFormSecretName())
        .as("kept while not finished")
        .isEqualTo("presign-form-" + TestUploads.UID);
  }

  @Test
  void aMultipartUploadIsIssuedWithItsUploadAndNoFormAndKeepsItToTheEnd() {
    UploadRequest request = TestUploads.issued(null);
    IssuedMultipart opened =
        new IssuedMultipart(
            SIGNED.plan(),
            "uploads",
            "upload-1",
            new PartSizeRule.PartPlan(5L << 20, 3),
            false,
            T0,
            T0.plusSeconds(3600));

    UploadRequestStatus status = STATUSES.issuedMultipart(request, "default", opened);

    assertThat(status.getPhase()).isEqualTo(Phase.ISSUED);
    assertThat(status.getPresignedPost()).isNull();
    assertThat(status.getPresignedPut()).isNull();
    assertThat(status.getMultipart())
        .isEqualTo(new dev.presign.api.v1alpha1.MultipartStatus("upload-1", 5L << 20, 3));
    assertThat(status.getKey()).isEqualTo(TestUploads.KEY);
    assertThat(status.getExpiresAt()).isEqualTo("2026-12-04T11:00:00Z");
    assertThat(status.findCondition("Ready").orElseThrow().getMessage())
        .isEqualTo(
            "multipart upload of 3 parts of at most 5242880 bytes to "
                + TestUploads.KEY
                + ", open until 2026-12-04T11:00:00Z; parts are signed on demand by the HTTP API:"
                + " /s3/multipart/{uploadId}/{partNumber}, then completed with"
                + " /s3/multipart/{uploadId}/complete");
    request.setStatus(status);
    assertThat(STATUSES.expired(request).getMultipart()).isEqualTo(status.getMultipart());
    assertThat(
            STATUSES
                .failed(request, Violation.failed("Cancelled", (UploadField) null, "cancelled"))
                .getMultipart())
        .as("the uploadId stays: it is no credential, and says what was aborted")
        .isEqualTo(status.getMultipart());
  }
}
