package dev.presign.uploads;

import static dev.presign.uploads.TestUploads.catalog;
import static dev.presign.uploads.TestUploads.issued;
import static dev.presign.uploads.TestUploads.uploadClass;
import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.naming.ContentTypePolicy;
import dev.presign.naming.UploadPlanner;
import dev.presign.s3.StoredObject;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What HeadObject found, judged against what was signed (77000 bytes of application/pdf). */
class UploadConfirmerTest {
  private static final UploadTarget TARGET =
      new UploadTargets(
              UploadPlanner.create(),
              new UploadPolicy(new LabelSelectorMatcher(), new ContentTypePolicy()))
          .check(issued(null), catalog(uploadClass("default", "uploads", true)))
          .target();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("as signed", 77000L, "application/pdf", null),
        Arguments.of("type with parameters and other case", 77000L, "Application/PDF; x=1", null),
        Arguments.of("store keeps no type", 77000L, null, null),
        Arguments.of("one byte more", 77001L, "application/pdf", "SizeMismatch"),
        Arguments.of("one byte less", 76999L, "application/pdf", "SizeMismatch"),
        Arguments.of("other type", 77000L, "text/html", "ContentTypeMismatch"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesTheStoredObject(String name, long size, String contentType, String reason) {
    StoredObject stored = new StoredObject(size, "etag", contentType, Instant.EPOCH, null);

    UploadConfirmer.Confirmation confirmation = UploadConfirmer.judge(TARGET, 77000, stored);

    if (reason == null) {
      assertThat(confirmation.matches()).isTrue();
    } else {
      assertThat(confirmation.matches()).isFalse();
      assertThat(confirmation.mismatch().reason()).isEqualTo(reason);
      assertThat(confirmation.mismatch().message()).contains(TARGET.key());
    }
    assertThat(confirmation.object()).isSameAs(stored);
  }
}
