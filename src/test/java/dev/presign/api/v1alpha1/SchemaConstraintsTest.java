package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CRD patterns accept what users write and reject what must never reach a key or a header.
 * Matched with find(), as the API server does.
 */
class SchemaConstraintsTest {

  @ParameterizedTest(name = "bucket [{0}] valid={1}")
  @CsvSource({
    "uploads, true",
    "my.bucket-1, true",
    "abc, true",
    "ab, false",
    "Uploads, false",
    "-abc, false",
    "abc-, false",
    "a_b, false",
    "abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij, false",
  })
  void bucket(String value, boolean valid) {
    assertMatch(SchemaConstraints.BUCKET_PATTERN, value, valid);
  }

  @ParameterizedTest(name = "uploadTo [{0}] valid={1}")
  @CsvSource({
    "uploads, true",
    "avatars/2024, true",
    "uploads/, true",
    "a.b, true",
    "_private, true",
    "'', false",
    "../etc, false",
    "a/../b, false",
    "a/./b, false",
    ".hidden, false",
    "/absolute, false",
    "a//b, false",
    "'a\\b', false",
    "a b, false",
    "'a\nb', false",
  })
  void uploadTo(String value, boolean valid) {
    assertMatch(SchemaConstraints.UPLOAD_TO_PATTERN, value, valid);
  }

  @ParameterizedTest(name = "keyPrefix [{0}] valid={1}")
  @CsvSource({
    "'', true",
    "media/, true",
    "a/b/, true",
    "media, false",
    "/media/, false",
    "../, false",
    "a//, false",
  })
  void keyPrefix(String value, boolean valid) {
    assertMatch(SchemaConstraints.KEY_PREFIX_PATTERN, value, valid);
  }

  @ParameterizedTest(name = "contentType [{0}] valid={1}")
  @CsvSource({
    "application/pdf, true",
    "'text/plain; charset=utf-8', true",
    "image/svg+xml, true",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document, true",
    "pdf, false",
    "/pdf, false",
    "text/, false",
    "'text/plain\r\nX-Injected: 1', false",
    "'text/plain; a=\u0007', false",
  })
  void contentType(String value, boolean valid) {
    assertMatch(SchemaConstraints.CONTENT_TYPE_PATTERN, value, valid);
  }

  @ParameterizedTest(name = "allowed content type [{0}] valid={1}")
  @CsvSource({
    "image/*, true",
    "*/*, true",
    "application/pdf, true",
    "'image/png; q=1', false",
    "*, false",
    "image/**, false",
  })
  void contentTypeRule(String value, boolean valid) {
    assertMatch(SchemaConstraints.CONTENT_TYPE_RULE_PATTERN, value, valid);
  }

  @ParameterizedTest(name = "checksum [{0}] valid={1}")
  @CsvSource({
    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=, true",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, false",
    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU, false",
    "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=, false",
  })
  void checksum(String value, boolean valid) {
    assertMatch(SchemaConstraints.CHECKSUM_SHA256_PATTERN, value, valid);
  }

  @ParameterizedTest(name = "endpoint [{0}] valid={1}")
  @CsvSource({
    "'', true",
    "http://127.0.0.1:9000, true",
    "https://acct.r2.cloudflarestorage.com, true",
    "https://s3.example.com/base, true",
    "ftp://example.com, false",
    "http://, false",
    "http://host name, false",
    "127.0.0.1:9000, false",
  })
  void endpoint(String value, boolean valid) {
    assertMatch(SchemaConstraints.ENDPOINT_PATTERN, value, valid);
  }

  /** What the CEL rule on spec.endpoint refuses ({@code matches} finds, as RE2 does). */
  @ParameterizedTest(name = "endpoint [{0}] has userinfo={1}")
  @CsvSource({
    "https://user:pass@minio.example.test, true",
    "http://pass@127.0.0.1:9000/s3, true",
    "HTTPS://u:p@HOST, true",
    "https://user:pass@, true",
    "http://127.0.0.1:9000, false",
    "https://minio.example.test/a@b, false",
    "https://minio.example.test/?a=b@c, false",
    "https://minio.example.test#@, false",
    "'', false",
  })
  void endpointUserinfo(String value, boolean userinfo) {
    assertMatch(SchemaConstraints.ENDPOINT_USERINFO_PATTERN, value, userinfo);
  }

  @ParameterizedTest(name = "quantity [{0}] valid={1}")
  @CsvSource({
    "100Mi, true",
    "5G, true",
    "77000, true",
    "1.5Ki, true",
    "1e3, true",
    "-1Mi, false",
    "lots, false",
    "10 MB, false",
    "10MB, false",
  })
  void quantity(String value, boolean valid) {
    assertMatch(SchemaConstraints.QUANTITY_PATTERN, value, valid);
  }

  @ParameterizedTest(name = "region [{0}] valid={1}")
  @CsvSource({"us-east-1, true", "auto, true", "us/east, false", "'', false"})
  void region(String value, boolean valid) {
    assertMatch(SchemaConstraints.REGION_PATTERN, value, valid);
  }

  @ParameterizedTest(name = "names [{0}] label={1} subdomain={2}")
  @CsvSource({
    "presign-system, true, true",
    "s3.credentials, false, true",
    "Default, false, false",
    "-x, false, false",
  })
  void kubernetesNames(String value, boolean label, boolean subdomain) {
    assertMatch(SchemaConstraints.DNS_LABEL_PATTERN, value, label);
    assertMatch(SchemaConstraints.DNS_SUBDOMAIN_PATTERN, value, subdomain);
  }

  private static void assertMatch(String pattern, String value, boolean valid) {
    assertThat(Pattern.compile(pattern).matcher(value).find())
        .as("'%s' against %s", value, pattern)
        .isEqualTo(valid);
  }
}
