package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.fields.UploadField;
import dev.presign.naming.ContentTypePolicy;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of {@link UploadPolicy}, one named case each, with the Violation it gives: condition
 * type, reason, field and the exact text that becomes the condition message and the Event (and,
 * through the field's HTTP name, the HTTP API's answer).
 */
class UploadPolicyTest {
  private static final String CLASS = "media";
  private static final String NAMESPACE = "shop";

  private final UploadPolicy policy =
      new UploadPolicy(new LabelSelectorMatcher(), new ContentTypePolicy());

  /** A request and a class as they arrive, and what the policy says about them. */
  record Case(
      String name,
      Consumer<UploadRequestSpec> request,
      Consumer<UploadClassSpec> uploadClass,
      Map<String, String> namespaceLabels,
      Violation expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case spec(String name, Consumer<UploadRequestSpec> request, Violation expected) {
    return new Case(name, request, c -> {}, Map.of(), expected);
  }

  static Case against(
      String name,
      Consumer<UploadRequestSpec> request,
      Consumer<UploadClassSpec> uploadClass,
      Violation expected) {
    return new Case(name, request, uploadClass, Map.of(), expected);
  }

  static Violation invalid(UploadField field, String message) {
    return Violation.failed(Reasons.INVALID_SPEC, field, message);
  }

  static Violation denied(String reason, UploadField field, String message) {
    return Violation.denied(reason, field, message);
  }

  static UploadRequestSpec request() {
    return new UploadRequestSpec("lorem-ipsum.pdf", 77000);
  }

  static UploadClassSpec uploadClass() {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setBucket("uploads");
    return spec;
  }

  static Map<String, String> metadata(int entries) {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < entries; i++) {
      metadata.put("k" + i, "v");
    }
    return metadata;
  }

  static Stream<Case> specRules() {
    Map<String, String> twice = new LinkedHashMap<>();
    twice.put("a", "1");
    twice.put("A", "2");
    return Stream.of(
        spec("a valid request", r -> {}, null),
        spec(
            "original file name missing",
            r -> r.setOriginalFileName(null),
            invalid(
                UploadField.ORIGINAL_FILE_NAME,
                "is required: the name of the file being uploaded")),
        spec(
            "original file name empty",
            r -> r.setOriginalFileName(""),
            invalid(
                UploadField.ORIGINAL_FILE_NAME,
                "is required: the name of the file being uploaded")),
        spec(
            "original file name of 4096 characters",
            r -> r.setOriginalFileName("a".repeat(4096)),
            null),
        spec(
            "original file name of 4097 characters",
            r -> r.setOriginalFileName("a".repeat(4097)),
            invalid(UploadField.ORIGINAL_FILE_NAME, "must be at most 4096 characters")),
        spec(
            "file size missing",
            r -> r.setFileSize(null),
            invalid(UploadField.FILE_SIZE, "must be the file's exact size in bytes, at least 1")),
        spec(
            "file size zero",
            r -> r.setFileSize(0L),
            invalid(UploadField.FILE_SIZE, "must be the file's exact size in bytes, at least 1")),
        spec(
            "file size over 5 GiB: multipart",
            r -> r.setFileSize(5L * 1024 * 1024 * 1024 + 1),
            null),
        spec("file size of 5 TiB", r -> r.setFileSize(5L << 40), null),
        spec(
            "file size over 5 TiB",
            r -> r.setFileSize((5L << 40) + 1),
            invalid(
                UploadField.FILE_SIZE,
                "must be at most 5497558138880 bytes (5 TiB, S3's limit for one object)")),
        spec(
            "file size over 5 GiB in one POST or PUT",
            r -> {
              r.setFileSize(5L * 1024 * 1024 * 1024 + 1);
              r.setMultipart(false);
            },
            invalid(
                UploadField.FILE_SIZE,
                "is more than 5368709120 bytes (5 GiB), the most one POST or PUT can carry; set"
                    + " spec.multipart to true (or leave it out) to upload in parts")),
        spec(
            "a part size for a single upload",
            r -> {
              r.setMultipart(false);
              r.setPartSize(8L << 20);
            },
            invalid(
                UploadField.PART_SIZE,
                "applies only to multipart uploads; remove it or set spec.multipart to true")),
        spec(
            "a part size under 5 MiB",
            r -> {
              r.setMultipart(true);
              r.setPartSize((5L << 20) - 1);
            },
            invalid(
                UploadField.PART_SIZE,
                "must be from 5242880 to 5368709120 bytes for a file of 77000 bytes (parts of 5"
                    + " MiB to 5 GiB, at most 10000 parts), or omitted for 5242880")),
        spec(
            "a SHA-256 for a multipart upload",
            r -> {
              r.setMultipart(true);
              r.setChecksumSHA256("A".repeat(43) + "=");
            },
            invalid(
                UploadField.CHECKSUM_SHA256,
                "cannot be checked for a multipart upload (S3 takes SHA-256 there only as a checksum"
                    + " of the parts' checksums); remove it, or upload at most 5368709120 bytes (5"
                    + " GiB), the most one POST or PUT can carry with spec.multipart: false")),
        spec(
            "expiry zero",
            r -> r.setExpiresInSeconds(0),
            invalid(
                UploadField.EXPIRES_IN,
                "must be from 1 to 604800 seconds (7 days, the SigV4 limit)")),
        spec(
            "expiry over 7 days",
            r -> r.setExpiresInSeconds(604801),
            invalid(
                UploadField.EXPIRES_IN,
                "must be from 1 to 604800 seconds (7 days, the SigV4 limit)")),
        spec("expiry of exactly 7 days", r -> r.setExpiresInSeconds(604800), null),
        spec(
            "content type not a media type",
            r -> r.setContentType("nonsense"),
            invalid(
                UploadField.CONTENT_TYPE,
                "must be a media type such as application/pdf (type/subtype, visible ASCII, at"
                    + " most 255 characters)")),
        spec(
            "checksum not base64 SHA-256",
            r -> r.setChecksumSHA256("abc="),
            invalid(
                UploadField.CHECKSUM_SHA256,
                "must be the base64 of a 32-byte SHA-256 digest (44 characters ending in '=')")),
        spec(
            "checksum followed by a newline",
            r -> r.setChecksumSHA256("A".repeat(43) + "=\n"),
            invalid(
                UploadField.CHECKSUM_SHA256,
                "must be the base64 of a 32-byte SHA-256 digest (44 characters ending in '=')")),
        spec("checksum well-formed", r -> r.setChecksumSHA256("A".repeat(43) + "="), null),
        spec(
            "class name not an object name",
            r -> r.setUploadClassName("Media"),
            invalid(
                UploadField.UPLOAD_CLASS,
                "must be the name of an UploadClass (at most 253 lowercase letters, digits, '-'"
                    + " and '.'), or omitted for the default class")),
        spec(
            "metadata with 33 entries",
            r -> r.setMetadata(metadata(33)),
            invalid(UploadField.METADATA, "must have at most 32 entries")),
        spec("metadata with 32 entries", r -> r.setMetadata(metadata(32)), null),
        spec(
            "metadata key with a space",
            r -> r.setMetadata(Map.of("bad key", "v")),
            invalid(
                UploadField.METADATA,
                "keys must be 1 to 128 ASCII letters, digits, '_' and '-', starting with a letter"
                    + " or digit; got 'bad key'")),
        spec(
            "metadata key given twice in different case",
            r -> r.setMetadata(twice),
            invalid(
                UploadField.METADATA,
                "key 'a' is given twice (S3 lowercases metadata keys); keep one")),
        spec(
            "metadata value not printable ASCII",
            r -> r.setMetadata(Map.of("Note", "caf\u00e9")),
            invalid(UploadField.METADATA, "the value of 'note' must be printable ASCII")),
        spec(
            "metadata over 2 KiB",
            r -> r.setMetadata(Map.of("k", "v".repeat(2048))),
            invalid(
                UploadField.METADATA,
                "keys and values together must be at most 2048 bytes (S3's limit)")),
        spec("metadata of exactly 2 KiB", r -> r.setMetadata(Map.of("k", "v".repeat(2047))), null));
  }

  static Stream<Case> classRules() {
    return Stream.of(
        against("a class without limits", r -> {}, c -> {}, null),
        against(
            "a part size below the class's multipartThreshold",
            r -> r.setPartSize(8L << 20),
            c -> {},
            invalid(
                UploadField.PART_SIZE,
                "applies only to multipart uploads, and this one is a single POST or PUT (fileSize"
                    + " is not over UploadClass media's multipartThreshold); remove it or set"
                    + " spec.multipart to true")),
        against(
            "a part size over the class's multipartThreshold",
            r -> r.setPartSize(8L << 20),
            c -> c.setMultipartThreshold(new Quantity("1Ki")),
            null),
        against(
            "an invalid multipartThreshold",
            r -> {},
            c -> c.setMultipartThreshold(new Quantity("lots")),
            invalid(
                UploadField.MULTIPART_THRESHOLD,
                "UploadClass media has an invalid multipartThreshold; ask the platform team to fix"
                    + " it")),
        new Case(
            "namespace not selected",
            r -> {},
            c ->
                c.setNamespaceSelector(
                    new LabelSelectorBuilder().addToMatchLabels("team", "a").build()),
            Map.of("team", "b"),
            denied(
                Reasons.NAMESPACE_NOT_ALLOWED,
                UploadField.NAMESPACE,
                "namespace shop is not selected by the namespaceSelector of UploadClass media; ask"
                    + " the platform team to label it or use another class")),
        new Case(
            "namespace selected",
            r -> {},
            c ->
                c.setNamespaceSelector(
                    new LabelSelectorBuilder().addToMatchLabels("team", "a").build()),
            Map.of("team", "a"),
            null),
        against(
            "class maxFileSize not a quantity",
            r -> {},
            c -> c.setMaxFileSize(new Quantity("lots")),
            invalid(
                UploadField.MAX_FILE_SIZE,
                "UploadClass media has an invalid maxFileSize; ask the platform team to fix it")),
        against(
            "file larger than the class allows",
            r -> r.setFileSize(2048L),
            c -> c.setMaxFileSize(new Quantity("1Ki")),
            denied(
                Reasons.FILE_TOO_LARGE,
                UploadField.FILE_SIZE,
                "2048 bytes is more than the 1024 bytes (1Ki) UploadClass media allows")),
        against(
            "file exactly as large as the class allows",
            r -> r.setFileSize(1024L),
            c -> c.setMaxFileSize(new Quantity("1Ki")),
            null),
        against(
            "folder not allowed",
            r -> r.setUploadTo("docs"),
            c -> c.setAllowedUploadTo(List.of("avatars")),
            denied(
                Reasons.UPLOAD_TO_NOT_ALLOWED,
                UploadField.UPLOAD_TO,
                "'docs' is not allowed by UploadClass media; allowed: uploads, avatars")),
        against(
            "default folder always allowed",
            r -> {},
            c -> c.setAllowedUploadTo(List.of("avatars")),
            null),
        against(
            "expiry longer than the class allows",
            r -> r.setExpiresInSeconds(7200),
            c -> c.setMaxExpiresInSeconds(3600),
            denied(
                Reasons.EXPIRY_TOO_LONG,
                UploadField.EXPIRES_IN,
                "7200 seconds is more than the 3600 seconds UploadClass media allows")),
        against(
            "expiry as long as the class allows",
            r -> r.setExpiresInSeconds(3600),
            c -> c.setMaxExpiresInSeconds(3600),
            null));
  }

  static Stream<Case> contentTypeRules() {
    return Stream.of(
        against(
            "content type not allowed",
            r -> r.setContentType("application/pdf"),
            c -> c.setAllowedContentTypes(List.of("image/*")),
            denied(
                Reasons.CONTENT_TYPE_NOT_ALLOWED,
                UploadField.CONTENT_TYPE,
                "application/pdf is not allowed by UploadClass media; allowed: image/*")),
        against(
            "content type in an allowed range",
            r -> r.setContentType("image/png"),
            c -> c.setAllowedContentTypes(List.of("image/*")),
            null),
        against("no content type rule", r -> r.setContentType("application/pdf"), c -> {}, null));
  }

  record Choice(String name, Long fileSize, Boolean multipart, boolean sha256, boolean expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Choice> multipartChoices() {
    long mib = 1L << 20;
    long gib = 1L << 30;
    return Stream.of(
        new Choice("100 MiB: one upload (not over the threshold)", 100 * mib, null, false, false),
        new Choice("100 MiB + 1: multipart", 100 * mib + 1, null, false, true),
        new Choice("asked for multipart", 1L, true, false, true),
        new Choice("asked for one upload", 200 * mib, false, false, false),
        new Choice("a SHA-256 keeps 200 MiB in one upload", 200 * mib, null, true, false),
        new Choice("a SHA-256 cannot keep 6 GiB in one upload", 6 * gib, null, true, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("multipartChoices")
  void theClassChoosesMultipartAboveItsThreshold(Choice c) {
    UploadRequestSpec spec = request();
    spec.setFileSize(c.fileSize());
    spec.setMultipart(c.multipart());
    if (c.sha256()) {
      spec.setChecksumSHA256("A".repeat(43) + "=");
    }
    assertThat(policy.isMultipart(spec, uploadClass())).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specRules")
  void checkSpec(Case c) {
    UploadRequestSpec spec = request();
    c.request().accept(spec);

    assertThat(policy.checkSpec(spec)).isEqualTo(Optional.ofNullable(c.expected()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("classRules")
  void checkAgainstClass(Case c) {
    UploadRequestSpec spec = request();
    c.request().accept(spec);
    UploadClassSpec uploadClass = uploadClass();
    c.uploadClass().accept(uploadClass);

    assertThat(policy.checkSpec(spec)).isEmpty();
    assertThat(policy.checkAgainstClass(spec, uploadClass, CLASS, c.namespaceLabels(), NAMESPACE))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contentTypeRules")
  void checkContentType(Case c) {
    UploadRequestSpec spec = request();
    c.request().accept(spec);
    UploadClassSpec uploadClass = uploadClass();
    c.uploadClass().accept(uploadClass);

    assertThat(policy.checkContentType(spec.getContentType(), uploadClass, CLASS))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"specRules", "classRules", "contentTypeRules"})
  void theConditionMessageStartsWithTheFieldsCrdPath(Case c) {
    if (c.expected() != null) {
      assertThat(c.expected().describe())
          .isEqualTo(c.expected().field().crdPath() + ": " + c.expected().message());
    }
  }

  @org.junit.jupiter.api.Test
  void aMissingSpecIsTheSpecsFault() {
    assertThat(policy.checkSpec(null))
        .contains(invalid(UploadField.SPEC, "is required: set originalFileName and fileSize"));
    assertThat(policy.checkSpec(null).orElseThrow().describe())
        .isEqualTo("spec: is required: set originalFileName and fileSize");
  }
}
