package dev.presign.fields;

import static dev.presign.fields.UploadField.BUCKET;
import static dev.presign.fields.UploadField.CHECKSUM_SHA256;
import static dev.presign.fields.UploadField.CONTENT_TYPE;
import static dev.presign.fields.UploadField.ENDPOINT;
import static dev.presign.fields.UploadField.EXPIRES_IN;
import static dev.presign.fields.UploadField.FILE_SIZE;
import static dev.presign.fields.UploadField.KEY_PREFIX;
import static dev.presign.fields.UploadField.MAX_FILE_SIZE;
import static dev.presign.fields.UploadField.METADATA;
import static dev.presign.fields.UploadField.METHOD;
import static dev.presign.fields.UploadField.MULTIPART;
import static dev.presign.fields.UploadField.MULTIPART_THRESHOLD;
import static dev.presign.fields.UploadField.NAMESPACE;
import static dev.presign.fields.UploadField.OBJECT_KEY;
import static dev.presign.fields.UploadField.ORIGINAL_FILE_NAME;
import static dev.presign.fields.UploadField.PART_SIZE;
import static dev.presign.fields.UploadField.REGION;
import static dev.presign.fields.UploadField.SPEC;
import static dev.presign.fields.UploadField.SUCCESS_ACTION_STATUS;
import static dev.presign.fields.UploadField.UPLOAD_CLASS;
import static dev.presign.fields.UploadField.UPLOAD_TO;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The names each edge gives an upload field, written out once more here so that renaming one (an
 * HTTP answer, a condition message, a CLI option) is a deliberate change of this table.
 */
class UploadFieldTest {
  /** No name at that edge. */
  private static final String NONE = null;

  record Row(UploadField field, String http, String crd, String cli) {
    @Override
    public String toString() {
      return field.name();
    }
  }

  static final List<Row> TABLE =
      List.of(
          new Row(SPEC, NONE, "spec", NONE),
          new Row(ORIGINAL_FILE_NAME, "original_file_name", "spec.originalFileName", "file-name"),
          new Row(FILE_SIZE, "file_size", "spec.fileSize", "size"),
          new Row(CONTENT_TYPE, "file_type", "spec.contentType", "content-type"),
          new Row(UPLOAD_TO, "upload_to", "spec.uploadTo", "upload-to"),
          new Row(UPLOAD_CLASS, "upload_class", "spec.uploadClassName", NONE),
          new Row(EXPIRES_IN, "expires_in", "spec.expiresInSeconds", "expires-in"),
          new Row(METHOD, NONE, "spec.method", "method"),
          new Row(METADATA, "metadata", "spec.metadata", NONE),
          new Row(CHECKSUM_SHA256, "checksum_sha256", "spec.checksumSHA256", NONE),
          new Row(MULTIPART, "multipart", "spec.multipart", NONE),
          new Row(PART_SIZE, "part_size", "spec.partSize", NONE),
          new Row(NAMESPACE, "namespace", "metadata.namespace", NONE),
          new Row(BUCKET, NONE, "uploadClass.spec.bucket", "bucket"),
          new Row(REGION, NONE, "uploadClass.spec.region", "region"),
          new Row(ENDPOINT, NONE, "uploadClass.spec.endpoint", "endpoint"),
          new Row(KEY_PREFIX, NONE, "uploadClass.spec.keyPrefix", "key-prefix"),
          new Row(MAX_FILE_SIZE, NONE, "uploadClass.spec.maxFileSize", NONE),
          new Row(MULTIPART_THRESHOLD, NONE, "uploadClass.spec.multipartThreshold", NONE),
          new Row(SUCCESS_ACTION_STATUS, NONE, "uploadClass.spec.successActionStatus", NONE),
          new Row(OBJECT_KEY, NONE, "status.key", NONE));

  static Stream<Row> table() {
    return TABLE.stream();
  }

  @Test
  void theTableHasOneRowForEveryIdentity() {
    assertThat(TABLE.stream().map(Row::field)).containsExactly(UploadField.values());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void eachEdgeNamesTheField(Row row) {
    assertThat(row.field().httpName()).isEqualTo(Optional.ofNullable(row.http()));
    assertThat(row.field().crdPath()).isEqualTo(row.crd());
    assertThat(row.field().cliOption()).isEqualTo(Optional.ofNullable(row.cli()));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(UploadField.class)
  void namesRoundTripToTheIdentity(UploadField field) {
    assertThat(UploadField.fromCrdPath(field.crdPath())).contains(field);
    field.httpName().ifPresent(name -> assertThat(UploadField.fromHttpName(name)).contains(field));
    field
        .cliOption()
        .ifPresent(option -> assertThat(UploadField.fromCliOption(option)).contains(field));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(UploadField.class)
  void eachNameIsWrittenInItsEdgesStyle(UploadField field) {
    assertThat(field.crdPath())
        .matches("(spec|metadata|uploadClass\\.spec|status)(\\.[a-z][A-Za-z0-9]*)?");
    field.httpName().ifPresent(name -> assertThat(name).matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"));
    field.cliOption().ifPresent(option -> assertThat(option).matches("[a-z]+(-[a-z]+)*"));
  }

  /** A problem reported at a CRD path, as the HTTP API names it. */
  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("httpErrorFields")
  void aRefusalsPathBecomesTheHttpFieldTheCallerCanFix(String crdPath, String httpField) {
    assertThat(UploadField.httpErrorFieldFor(crdPath)).isEqualTo(httpField);
  }

  static Stream<Arguments> httpErrorFields() {
    String none = UploadField.HTTP_NON_FIELD_ERRORS;
    return Stream.of(
            new String[] {"spec.originalFileName", "original_file_name"},
            new String[] {"spec.fileSize", "file_size"},
            new String[] {"spec.contentType", "file_type"},
            new String[] {"spec.uploadTo", "upload_to"},
            new String[] {"spec.uploadClassName", "upload_class"},
            new String[] {"spec.expiresInSeconds", "expires_in"},
            new String[] {"spec.metadata", "metadata"},
            new String[] {"spec.checksumSHA256", "checksum_sha256"},
            new String[] {"metadata.namespace", "namespace"},
            // What the caller cannot set is nobody's field in the HTTP API.
            new String[] {"spec", none},
            new String[] {"spec.method", none},
            new String[] {"uploadClass.spec.keyPrefix", none},
            new String[] {"uploadClass.spec.bucket", none},
            new String[] {"uploadClass.spec.successActionStatus", none},
            new String[] {"uploadClass.spec.maxFileSize", none},
            new String[] {"status.key", none},
            // Not a path at all: a condition message without "path: ".
            new String[] {"", none},
            new String[] {null, none},
            new String[] {"spec.unknown", none},
            new String[] {"upload_to", none})
        .map(pair -> Arguments.of(pair[0], pair[1]));
  }

  @Test
  void namesNoIdentityHasFindNothing() {
    assertThat(UploadField.fromCrdPath("spec.unknown")).isEmpty();
    assertThat(UploadField.fromCrdPath(null)).isEmpty();
    // file_name and key are fields of the HTTP answer, not inputs.
    assertThat(UploadField.fromHttpName("file_name")).isEmpty();
    assertThat(UploadField.fromHttpName("key")).isEmpty();
    assertThat(UploadField.fromHttpName(null)).isEmpty();
    // --now, --path-style and --help are options of the command, not upload fields.
    assertThat(UploadField.fromCliOption("now")).isEmpty();
    assertThat(UploadField.fromCliOption("path-style")).isEmpty();
    assertThat(UploadField.fromCliOption("--upload-to")).isEmpty();
  }

  @Test
  void theErrorFieldOfAnInputWithoutHttpNameIsNonFieldErrors() {
    String withoutName =
        Arrays.stream(UploadField.values())
            .filter(f -> f.httpName().isEmpty())
            .map(UploadField::httpErrorField)
            .distinct()
            .collect(Collectors.joining(","));
    assertThat(withoutName).isEqualTo("non_field_errors");
    assertThat(UPLOAD_TO.httpErrorField()).isEqualTo("upload_to");
  }
}
