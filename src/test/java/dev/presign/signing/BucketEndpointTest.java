package dev.presign.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.fields.UploadField;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketEndpointTest {
  @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
  @CsvSource(
      nullValues = "-",
      value = {
        "us-east-1, -, -, my-bucket, https://my-bucket.s3.amazonaws.com/",
        "eu-west-1, -, -, my-bucket, https://my-bucket.s3.eu-west-1.amazonaws.com/",
        "eu-west-1, -, path, my-bucket, https://s3.eu-west-1.amazonaws.com/my-bucket/",
        "eu-west-1, -, virtual, my.dotted.bucket, https://s3.eu-west-1.amazonaws.com/my.dotted.bucket/",
        "us-east-1, http://127.0.0.1:9000, -, uploads, http://127.0.0.1:9000/uploads/",
        "us-east-1, http://127.0.0.1:9000/, path, uploads, http://127.0.0.1:9000/uploads/",
        "auto, https://acct.r2.cloudflarestorage.com, virtual, uploads, https://uploads.acct.r2.cloudflarestorage.com/",
        "us-east-1, https://minio.example.test/s3, -, uploads, https://minio.example.test/s3/uploads/",
        "us-east-1, https://minio.example.test/s3/, virtual, uploads, https://uploads.minio.example.test/s3/",
      })
  void formUrl(String region, String endpoint, String style, String bucket, String expected) {
    BucketEndpoint where =
        BucketEndpoint.of(region, endpoint, style == null ? null : AddressingStyle.parse(style));
    assertThat(where.bucketUrl(bucket)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "media/uploads/a.pdf, http://127.0.0.1:9000/b-1/media/uploads/a.pdf",
    "media/a b+c.pdf, http://127.0.0.1:9000/b-1/media/a%20b%2Bc.pdf",
    "média/ü.pdf, http://127.0.0.1:9000/b-1/m%C3%A9dia/%C3%BC.pdf",
  })
  void objectUrlEncodesTheKey(String key, String expected) {
    assertThat(BucketEndpoint.of("us-east-1", "http://127.0.0.1:9000", null).objectUrl("b-1", key))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ftp://host|endpoint must be an http:// or https:// URL with a host, not 'ftp://host'",
        "not a url|Illegal character in path at index 3: not a url",
        "http://|Expected authority at index 7: http://",
        "http://host/?q=1|endpoint must not have a query or fragment: 'http://host/?q=1'",
      })
  void badEndpointsAreRefusedWithTheReason(String endpoint, String message) {
    assertThatThrownBy(() -> BucketEndpoint.of("us-east-1", endpoint, null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo(UploadField.ENDPOINT))
        .hasMessage(message);
  }

  /**
   * A user name or password in the endpoint would be shown in every signed URL, the class's status,
   * its Events and {@code kubectl get}: refused, and the error never repeats it, whatever else is
   * wrong with the endpoint.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://user:canary-pw@minio.example.test",
    "https://user:canary-pw@minio.example.test:9000/s3/",
    "http://canary-pw@127.0.0.1:9000",
    "https://user:canary-pw@",
    "https://user:canary%zz-pw@minio.example.test",
    "https://us er:canary-pw@minio.example.test",
    "ftp://user:canary-pw@minio.example.test",
    "user:canary-pw@minio.example.test",
    "https://user:canary-pw@minio.example.test/?q=1",
    "HTTPS://USER:canary-pw@MINIO.example.test",
  })
  void userinfoIsRefusedWithoutEchoingIt(String endpoint) {
    assertThatThrownBy(() -> BucketEndpoint.of("us-east-1", endpoint, null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo(UploadField.ENDPOINT))
        .hasMessageStartingWith("endpoint must not contain a user name or password")
        .hasMessageContaining("spec.credentials")
        .hasMessageNotContaining("canary");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://minio.example.test/a@b, https://minio.example.test/a@b/uploads/",
    "http://127.0.0.1:9000/@, http://127.0.0.1:9000/@/uploads/",
  })
  void anAtSignInThePathIsNoUserinfo(String endpoint, String expected) {
    assertThat(BucketEndpoint.of("us-east-1", endpoint, null).bucketUrl("uploads"))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] region ''{0}''")
  @CsvSource({"US-EAST-1", "eu west", "''"})
  void badRegionsAreRefused(String region) {
    assertThatThrownBy(() -> BucketEndpoint.of(region, null, null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(UploadField.REGION))
        .hasMessage(
            "region must be lowercase letters, digits and '-' (like us-east-1), not '"
                + region
                + "'");
  }
}
