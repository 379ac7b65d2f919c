package dev.presign.uploads;

import static dev.presign.uploads.TestUploads.KEY;
import static dev.presign.uploads.TestUploads.catalog;
import static dev.presign.uploads.TestUploads.issued;
import static dev.presign.uploads.TestUploads.uploadClass;
import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.naming.UploadPlanner;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trust boundary, one forged status field per case: bucket, key and class come from the spec,
 * the uid and the class as it is now, and a status that disagrees is refused naming the field.
 */
class UploadTargetsTest {
  private static final UploadClass DEFAULT = uploadClass("default", "uploads", true);
  private static final UploadClass OTHER = uploadClass("other", "private", false);
  private static final UploadTargets TARGETS =
      new UploadTargets(
          UploadPlanner.create(),
          new UploadPolicy(new LabelSelectorMatcher(), new ContentTypePolicy()));

  /** name, the spec's class, the forgery, the catalog, the field refused (null: trusted). */
  static Stream<Arguments> cases() {
    return Stream.of(
        row("as the operator wrote it", null, s -> {}, catalog(DEFAULT, OTHER), null),
        row(
            "as written, class named by the spec",
            "other",
            s -> {
              s.getStatus().setBucket("private");
              s.getStatus().setKey(KEY);
            },
            catalog(DEFAULT, OTHER),
            null),
        row(
            "forged key",
            null,
            s -> s.getStatus().setKey("media/uploads/someone-elses.pdf"),
            catalog(DEFAULT, OTHER),
            StatusField.KEY),
        row(
            "forged key outside the prefix",
            null,
            s -> s.getStatus().setKey("../etc/passwd"),
            catalog(DEFAULT, OTHER),
            StatusField.KEY),
        row(
            "forged bucket",
            null,
            s -> s.getStatus().setBucket("private"),
            catalog(DEFAULT, OTHER),
            StatusField.BUCKET),
        row(
            "forged class, spec names none, forged one is no default",
            null,
            s -> s.getStatus().setUploadClassName("other"),
            catalog(DEFAULT, OTHER),
            StatusField.UPLOAD_CLASS),
        row(
            "forged class, spec names another",
            "other",
            s -> s.getStatus().setUploadClassName("default"),
            catalog(DEFAULT, OTHER),
            StatusField.UPLOAD_CLASS),
        row(
            "no class in the status",
            null,
            s -> s.getStatus().setUploadClassName(null),
            catalog(DEFAULT, OTHER),
            StatusField.UPLOAD_CLASS),
        row(
            "class's bucket changed since issue",
            null,
            s -> {},
            catalog(uploadClass("default", "moved", true)),
            StatusField.BUCKET));
  }

  private static Arguments row(
      String name,
      String specClass,
      Consumer<UploadRequest> forge,
      ClassCatalog classes,
      StatusField refused) {
    return Arguments.of(name, specClass, forge, classes, refused);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void checksTheStatusAgainstWhatItDerives(
      String name,
      String specClass,
      Consumer<UploadRequest> forge,
      ClassCatalog classes,
      StatusField refused) {
    UploadRequest request = issued(specClass);
    forge.accept(request);

    UploadTargets.Check check = TARGETS.check(request, classes);

    if (refused == null) {
      assertThat(check.isTrusted()).as(check.message()).isTrue();
      assertThat(check.target().key()).isEqualTo(KEY);
      assertThat(check.target().contentType()).isEqualTo("application/pdf");
    } else {
      assertThat(check.isTrusted()).isFalse();
      assertThat(check.field()).isEqualTo(refused);
      assertThat(check.violation().describe()).startsWith(refused.path() + ": ");
      assertThat(check.violation().reason()).isEqualTo("StatusMismatch");
    }
  }

  @org.junit.jupiter.api.Test
  void aClassThatIsGoneIsNeitherTrustedNorCalledForged() {
    UploadTargets.Check check = TARGETS.check(issued(null), catalog(OTHER));

    assertThat(check.isClassGone()).isTrue();
    assertThat(check.isTrusted()).isFalse();
    assertThat(check.goneClass()).isEqualTo("default");
  }

  /** The derived target of an isolated class is the key the issuer signed, with the namespace. */
  @org.junit.jupiter.api.Test
  void anIsolatedClassDerivesTheNamespacedKey() {
    UploadClass isolated = uploadClass("default", "uploads", true);
    isolated.getSpec().setIsolateNamespaces(true);
    var request = TestUploads.issued(null);
    String namespaced = "media/team-a/uploads/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf";

    request.getStatus().setKey(namespaced);
    org.assertj.core.api.Assertions.assertThat(
            TARGETS.check(request, catalog(isolated)).target().key())
        .isEqualTo(namespaced);
  }

  /**
   * A request issued before its class's layout changed (an upgrade turns isolation on for classes
   * with a namespaceSelector) keeps its object: both layouts end in its own uid and slug. Any other
   * key, in either layout, is still refused.
   */
  @org.junit.jupiter.api.Test
  void aRequestIssuedInTheOtherLayoutKeepsItsOwnObjectAndNothingElse() {
    UploadClass isolated = uploadClass("default", "uploads", true);
    isolated.getSpec().setIsolateNamespaces(true);
    UploadClass seed = uploadClass("default", "uploads", true);
    String namespaced = "media/team-a/uploads/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf";
    var request = TestUploads.issued(null);

    request.getStatus().setKey(KEY);
    org.assertj.core.api.Assertions.assertThat(
            TARGETS.check(request, catalog(isolated)).target().key())
        .isEqualTo(KEY);
    request.getStatus().setKey(namespaced);
    org.assertj.core.api.Assertions.assertThat(TARGETS.check(request, catalog(seed)).target().key())
        .isEqualTo(namespaced);

    for (String forged :
        new String[] {
          "media/team-b/uploads/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf",
          "media/team-a/uploads/6f1c2a3e00004000800000000000000b-lorem-ipsum.pdf",
          "media/uploads/6f1c2a3e00004000800000000000000b-lorem-ipsum.pdf",
          "media/team-a/avatars/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf"
        }) {
      request.getStatus().setKey(forged);
      org.assertj.core.api.Assertions.assertThat(TARGETS.check(request, catalog(isolated)).field())
          .as(forged)
          .isEqualTo(StatusField.KEY);
      org.assertj.core.api.Assertions.assertThat(TARGETS.check(request, catalog(seed)).field())
          .as(forged)
          .isEqualTo(StatusField.KEY);
    }
  }
}
