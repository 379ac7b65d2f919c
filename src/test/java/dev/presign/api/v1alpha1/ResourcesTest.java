package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resource identity and the small helpers on the resources and statuses. */
class ResourcesTest {

  @Test
  void identities() {
    UploadClass upload = new UploadClass();
    UploadRequest request = new UploadRequest();

    assertThat(upload.getApiVersion()).isEqualTo("uploads.presign.dev/v1alpha1");
    assertThat(upload.getKind()).isEqualTo("UploadClass");
    assertThat(upload.getScope()).isEqualTo("Cluster");
    assertThat(HasMetadata.getPlural(UploadClass.class)).isEqualTo("uploadclasses");
    assertThat(request.getKind()).isEqualTo("UploadRequest");
    assertThat(request.getScope()).isEqualTo("Namespaced");
    assertThat(request.getCRDName()).isEqualTo("uploadrequests.uploads.presign.dev");
    assertThat(UploadClass.IS_DEFAULT_CLASS_ANNOTATION)
        .isEqualTo("uploads.presign.dev/is-default-class");
  }

  @Test
  void onlyTheAnnotationValueTrueMarksTheDefaultClass() {
    assertThat(classWithAnnotations(null).isDefaultClass()).isFalse();
    assertThat(classWithAnnotations(Map.of()).isDefaultClass()).isFalse();
    assertThat(
            classWithAnnotations(Map.of(UploadClass.IS_DEFAULT_CLASS_ANNOTATION, "false"))
                .isDefaultClass())
        .isFalse();
    assertThat(
            classWithAnnotations(Map.of(UploadClass.IS_DEFAULT_CLASS_ANNOTATION, "yes"))
                .isDefaultClass())
        .isFalse();
    assertThat(
            classWithAnnotations(Map.of(UploadClass.IS_DEFAULT_CLASS_ANNOTATION, "true"))
                .isDefaultClass())
        .isTrue();
    assertThat(new UploadClass().isDefaultClass()).as("no metadata").isFalse();
  }

  @Test
  void classIsReadyOnlyWithReadyTrue() {
    UploadClassStatus status = new UploadClassStatus();
    assertThat(status.isReady()).isFalse();

    status.setConditions(
        List.of(condition(ConditionTypes.READY, "False", Reasons.BUCKET_NOT_FOUND)));
    assertThat(status.isReady()).isFalse();

    status.setConditions(List.of(condition(ConditionTypes.READY, "True", Reasons.PROBED)));
    assertThat(status.isReady()).isTrue();
    assertThat(status.findCondition(ConditionTypes.READY))
        .get()
        .extracting("reason")
        .isEqualTo("Probed");
    assertThat(status.findCondition(ConditionTypes.FAILED)).isEmpty();
  }

  @Test
  void credentialsSourceNamesTheSecretOnly() {
    assertThat(
            UploadClassStatus.credentialsSourceOf(
                new SecretReference("presign-system", "s3-credentials")))
        .isEqualTo("secret presign-system/s3-credentials");
    assertThat(UploadClassStatus.DEFAULT_CHAIN_CREDENTIALS_SOURCE).isEqualTo("default-chain");
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void requestIsFinishedInTerminalPhases(Phase phase) {
    UploadRequest request = new UploadRequest();
    assertThat(request.isFinished()).isFalse();
    request.setStatus(new UploadRequestStatus());
    assertThat(request.isFinished()).isFalse();

    request.getStatus().setPhase(phase);

    assertThat(request.isFinished()).isEqualTo(phase.isTerminal());
    assertThat(phase.isTerminal())
        .isEqualTo(List.of(Phase.UPLOADED, Phase.EXPIRED, Phase.FAILED).contains(phase));
  }

  @Test
  void requestStatusFindsConditionsByType() {
    UploadRequestStatus status = new UploadRequestStatus();
    assertThat(status.findCondition(ConditionTypes.READY)).isEmpty();

    status.setConditions(
        List.of(
            condition(ConditionTypes.READY, "False", Reasons.FILE_TOO_LARGE),
            condition(ConditionTypes.DENIED, "True", Reasons.FILE_TOO_LARGE)));

    assertThat(status.findCondition(ConditionTypes.DENIED))
        .get()
        .extracting("status")
        .isEqualTo("True");
  }

  @Test
  void toStringsLeaveOutSignatures() {
    PresignedPost post =
        new PresignedPost("https://b.s3.amazonaws.com/", Map.of("x-amz-signature", "abc123"));
    PresignedPut put =
        new PresignedPut("https://b.s3.amazonaws.com/k?X-Amz-Signature=abc123", Map.of());

    assertThat(post.toString()).contains("x-amz-signature").doesNotContain("abc123");
    assertThat(put.toString()).doesNotContain("abc123");
  }

  private static UploadClass classWithAnnotations(Map<String, String> annotations) {
    UploadClass upload = new UploadClass();
    upload.setMetadata(new ObjectMetaBuilder().withName("c").withAnnotations(annotations).build());
    return upload;
  }

  private static io.fabric8.kubernetes.api.model.Condition condition(
      String type, String status, String reason) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).build();
  }
}
