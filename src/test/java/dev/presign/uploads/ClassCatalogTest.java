package dev.presign.uploads;

import static dev.presign.uploads.TestUploads.catalog;
import static dev.presign.uploads.TestUploads.uploadClass;
import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.fields.UploadField;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Class resolution: the named class, or the default one (the newest when there are several). */
class ClassCatalogTest {
  private static UploadClass created(UploadClass uploadClass, String at) {
    uploadClass.getMetadata().setCreationTimestamp(at);
    return uploadClass;
  }

  static Stream<Arguments> cases() {
    UploadClass fast = uploadClass("fast", "a", false);
    UploadClass oldDefault = created(uploadClass("old", "b", true), "2026-01-01T00:00:00Z");
    UploadClass newDefault = created(uploadClass("new", "c", true), "2026-06-01T00:00:00Z");
    return Stream.of(
        Arguments.of("named and there", "fast", catalog(fast, oldDefault), "fast", null),
        Arguments.of("named, missing", "gone", catalog(fast), null, "ClassNotFound"),
        Arguments.of("default", null, catalog(fast, oldDefault), "old", null),
        Arguments.of("blank name means default", " ", catalog(oldDefault), "old", null),
        Arguments.of("newest default wins", null, catalog(oldDefault, newDefault), "new", null),
        Arguments.of("no default", null, catalog(fast), null, "NoDefaultClass"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolves(String name, String requested, ClassCatalog classes, String found, String reason) {
    ClassCatalog.Resolution resolution = classes.resolve(requested);

    if (found != null) {
      assertThat(resolution.isFound()).isTrue();
      assertThat(resolution.uploadClass().getMetadata().getName()).isEqualTo(found);
    } else {
      assertThat(resolution.isFound()).isFalse();
      assertThat(resolution.violation().reason()).isEqualTo(reason);
      assertThat(resolution.violation().field()).isEqualTo(UploadField.UPLOAD_CLASS);
    }
  }
}
