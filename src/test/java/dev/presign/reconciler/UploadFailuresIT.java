package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests the operator must refuse, each with a reason that names what to fix. */
class UploadFailuresIT {
  private static OperatorFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
    UploadClass strict = fixture.exampleClass();
    strict.getMetadata().setName("strict");
    strict.getMetadata().setAnnotations(null);
    strict.getSpec().setMaxFileSize(new Quantity("1Ki"));
    strict.getSpec().setAllowedContentTypes(List.of("image/*", "application/pdf"));
    strict.getSpec().setAllowedUploadTo(List.of("avatars"));
    strict.getSpec().setMaxExpiresInSeconds(600);
    fixture.client().resource(strict).create();
    UploadClass otherTeams = fixture.exampleClass();
    otherTeams.getMetadata().setName("team-b-only");
    otherTeams.getMetadata().setAnnotations(null);
    otherTeams
        .getSpec()
        .setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "b").build());
    fixture.client().resource(otherTeams).create();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  static Stream<Arguments> refusedRequests() {
    return Stream.of(
        Arguments.of(
            "zero-size",
            (Consumer<UploadRequestSpec>) s -> s.setFileSize(0L),
            "Failed",
            "InvalidSpec",
            "spec.fileSize"),
        Arguments.of(
            "negative-size",
            (Consumer<UploadRequestSpec>) s -> s.setFileSize(-5L),
            "Failed",
            "InvalidSpec",
            "spec.fileSize"),
        Arguments.of(
            "no-file-name",
            (Consumer<UploadRequestSpec>) s -> s.setOriginalFileName(null),
            "Failed",
            "InvalidSpec",
            "spec.originalFileName"),
        Arguments.of(
            "bad-checksum",
            (Consumer<UploadRequestSpec>) s -> s.setChecksumSHA256("abc"),
            "Failed",
            "InvalidSpec",
            "spec.checksumSHA256"),
        Arguments.of(
            "unknown-class",
            (Consumer<UploadRequestSpec>) s -> s.setUploadClassName("no-such-class"),
            "Failed",
            "ClassNotFound",
            "spec.uploadClassName"),
        Arguments.of(
            "forbidden-type",
            (Consumer<UploadRequestSpec>) s -> strict(s).setOriginalFileName("page.html"),
            "Denied",
            "ContentTypeNotAllowed",
            "spec.contentType"),
        Arguments.of(
            "forbidden-explicit-type",
            (Consumer<UploadRequestSpec>) s -> strict(s).setContentType("text/plain"),
            "Denied",
            "ContentTypeNotAllowed",
            "spec.contentType"),
        Arguments.of(
            "too-large",
            (Consumer<UploadRequestSpec>) s -> strict(s).setFileSize(1025L),
            "Denied",
            "FileTooLarge",
            "spec.fileSize"),
        Arguments.of(
            "folder-not-allowed",
            (Consumer<UploadRequestSpec>) s -> strict(s).setUploadTo("invoices"),
            "Denied",
            "UploadToNotAllowed",
            "spec.uploadTo"),
        Arguments.of(
            "folder-traversal",
            (Consumer<UploadRequestSpec>) s -> s.setUploadTo("../../etc"),
            "Failed",
            "InvalidSpec",
            "spec.uploadTo"),
        Arguments.of(
            "expiry-too-long",
            (Consumer<UploadRequestSpec>) s -> strict(s).setExpiresInSeconds(3600),
            "Denied",
            "ExpiryTooLong",
            "spec.expiresInSeconds"),
        Arguments.of(
            "namespace-not-selected",
            (Consumer<UploadRequestSpec>) s -> s.setUploadClassName("team-b-only"),
            "Denied",
            "NamespaceNotAllowed",
            "metadata.namespace"));
  }

  private static UploadRequestSpec strict(UploadRequestSpec spec) {
    spec.setUploadClassName("strict");
    return spec;
  }

  @ParameterizedTest(name = "{0} -> {2}/{3}")
  @MethodSource("refusedRequests")
  void refusedRequestsFailWithAReasonNamingTheField(
      String name,
      Consumer<UploadRequestSpec> change,
      String conditionType,
      String reason,
      String field) {
    UploadRequestSpec spec = new UploadRequestSpec("photo.png", 100);
    change.accept(spec);
    fixture.create(name, spec);

    UploadRequest failed = fixture.awaitPhase(name, Phase.FAILED);

    assertThat(failed.getStatus().getPresignedPost()).isNull();
    assertThat(failed.getStatus().getKey()).isNull();
    assertThat(failed.getStatus().findCondition(ConditionTypes.READY))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("Failed");
              assertThat(c.getMessage()).startsWith(field + ": ");
            });
    assertThat(failed.getStatus().findCondition(conditionType))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo(reason);
              assertThat(c.getMessage()).startsWith(field + ": ");
            });
  }
}
