package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.naming.UploadPlanner;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PostPolicySigner;
import dev.presign.signing.SigningCredentials;
import dev.presign.signing.SigningKeyCache;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the issuer signs for each method and class setting, with a fixed clock. */
class UploadIssuerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
  private static final UploadPolicy POLICY =
      new UploadPolicy(new LabelSelectorMatcher(), new ContentTypePolicy());
  private static final UploadIssuer ISSUER =
      new UploadIssuer(
          UploadPlanner.create(),
          POLICY,
          new PostPolicySigner(CLOCK, new SigningKeyCache()),
          new ObjectUrlPresigner(CLOCK));
  private static final SigningCredentials CREDENTIALS =
      SigningCredentials.permanent("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

  /** case, class method, class putIfNoneMatch, POST form expected, If-None-Match expected */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("POST class", UploadMethod.POST, null, true, false),
        Arguments.of("PUT class, write-once by default", UploadMethod.PUT, null, false, true),
        Arguments.of("PUT class, write-once asked for", UploadMethod.PUT, true, false, true),
        Arguments.of("PUT class, write-once turned off", UploadMethod.PUT, false, false, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void signs(
      String name, UploadMethod method, Boolean putIfNoneMatch, boolean post, boolean ifNoneMatch) {
    UploadClass uploadClass = TestUploads.uploadClass("default", "uploads", true);
    uploadClass.getSpec().setMethod(method);
    uploadClass.getSpec().setPutIfNoneMatch(putIfNoneMatch);

    IssuedUpload issued =
        ISSUER.issue(TestUploads.issued(null), "default", uploadClass.getSpec(), CREDENTIALS);

    assertThat(issued.plan().key()).isEqualTo(TestUploads.KEY);
    assertThat(issued.post() != null).isEqualTo(post);
    assertThat(issued.put() != null).isEqualTo(!post);
    if (!post) {
      assertThat(issued.put().getHeaders().containsKey("If-None-Match")).isEqualTo(ifNoneMatch);
      assertThat(issued.put().getUrl().contains("if-none-match")).isEqualTo(ifNoneMatch);
      assertThat(issued.put().getHeaders()).containsEntry("Content-Length", "77000");
    }
    assertThat(issued.expiresAt()).isEqualTo(Instant.parse("2026-12-04T11:00:00Z"));
  }

  /** Before issue 13 the PUT fallback dropped both silently: nothing told S3 to enforce them. */
  @org.junit.jupiter.api.Test
  void aPutSignsTheRequestsChecksumAndMetadataAsHeadersTheUploaderMustSend() {
    UploadClass uploadClass = TestUploads.uploadClass("default", "uploads", true);
    uploadClass.getSpec().setMethod(UploadMethod.PUT);
    var request = TestUploads.issued(null);
    request.getSpec().setChecksumSHA256("n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=");
    request.getSpec().setMetadata(java.util.Map.of("Owner", "shop-web", "batch", "7"));

    IssuedUpload issued = ISSUER.issue(request, "default", uploadClass.getSpec(), CREDENTIALS);

    assertThat(issued.put().getHeaders())
        .containsEntry("x-amz-checksum-sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=")
        .containsEntry("x-amz-meta-owner", "shop-web")
        .containsEntry("x-amz-meta-batch", "7");
    assertThat(issued.put().getUrl())
        .contains(
            "X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bif-none-match"
                + "%3Bx-amz-checksum-sha256%3Bx-amz-meta-batch%3Bx-amz-meta-owner");
  }

  /**
   * A class shared by namespaces (chosen with a namespaceSelector) and no allowedUploadTo: before
   * issue 13, team-a naming spec.uploadTo "team-b/invoices" got a form for team-b's folder.
   */
  @org.junit.jupiter.api.Test
  void aNamespaceCannotWriteIntoAnotherNamespacesFolderOfASharedClass() {
    UploadClass shared = TestUploads.uploadClass("default", "uploads", true);
    shared
        .getSpec()
        .setNamespaceSelector(
            new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                .addToMatchLabels("uploads", "shared")
                .build());
    var fromB = TestUploads.issued(null);
    fromB.getMetadata().setNamespace("team-b");
    fromB.getMetadata().setUid("6f1c2a3e-0000-4000-8000-00000000000b");
    fromB.getSpec().setUploadTo("invoices");
    var fromA = TestUploads.issued(null);
    fromA.getSpec().setUploadTo("team-b/invoices");
    var fromAWithDefault = TestUploads.issued(null);

    String keyOfB = ISSUER.issue(fromB, "default", shared.getSpec(), CREDENTIALS).plan().key();
    IssuedUpload a = ISSUER.issue(fromA, "default", shared.getSpec(), CREDENTIALS);

    assertThat(a.plan().key())
        .as("team-a's key, asking for team-b's folder")
        .startsWith("media/team-a/")
        .doesNotStartWith("media/team-b/");
    assertThat(keyOfB).startsWith("media/team-b/invoices/");
    assertThat(a.plan().uploadTo())
        .as("upload_to echoes what was asked")
        .isEqualTo("team-b/invoices");
    assertThat(a.post().getFields()).containsEntry("key", a.plan().key());
    assertThat(
            ISSUER.issue(fromAWithDefault, "default", shared.getSpec(), CREDENTIALS).plan().key())
        .isEqualTo("media/team-a/uploads/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf");
  }

  @org.junit.jupiter.api.Test
  void aClassForEveryNamespaceKeepsTheSeedsKeyUnlessToldToIsolate() {
    UploadClass open = TestUploads.uploadClass("default", "uploads", true);
    assertThat(
            ISSUER
                .issue(TestUploads.issued(null), "default", open.getSpec(), CREDENTIALS)
                .plan()
                .key())
        .isEqualTo(TestUploads.KEY);

    open.getSpec().setIsolateNamespaces(true);
    assertThat(
            ISSUER
                .issue(TestUploads.issued(null), "default", open.getSpec(), CREDENTIALS)
                .plan()
                .key())
        .isEqualTo("media/team-a/uploads/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf");
  }
}
