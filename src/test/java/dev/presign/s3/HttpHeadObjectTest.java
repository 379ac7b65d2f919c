package dev.presign.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.signing.BucketEndpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** How a HEAD's answer becomes what {@code ObjectStore.headObject} promises, as a table. */
class HttpHeadObjectTest {
  private static final BucketEndpoint STORE =
      BucketEndpoint.of("us-east-1", "http://127.0.0.1:9000", null);
  private static final BucketEndpoint AWS = BucketEndpoint.aws("eu-west-1", null);

  /** Response headers looked up by name in any case, as {@code HttpURLConnection} does. */
  private static UnaryOperator<String> headers(String... namesAndValues) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return map::get;
  }

  static Stream<Arguments> found() {
    return Stream.of(
        Arguments.of(
            "S3's answer",
            headers(
                "content-length", "77000",
                "etag", "\"5d41402abc4b2a76b9719d911017c592\"",
                "content-type", "application/pdf",
                "last-modified", "Sat, 05 Dec 2026 07:30:12 GMT",
                "x-amz-version-id", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"),
            new StoredObject(
                77000,
                "5d41402abc4b2a76b9719d911017c592",
                "application/pdf",
                Instant.parse("2026-12-05T07:30:12Z"),
                "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")),
        Arguments.of(
            "unversioned bucket that says version null, multipart ETag",
            headers(
                "Content-Length", "0",
                "ETag", "\"0c78aef83f66abc1fa1e8477f296d394-3\"",
                "x-amz-version-id", "null"),
            new StoredObject(0, "0c78aef83f66abc1fa1e8477f296d394-3", null, null, null)),
        Arguments.of(
            "only a size; a date that is not RFC 1123 is left out",
            headers("Content-Length", "5", "Last-Modified", "yesterday"),
            new StoredObject(5, null, null, null, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("found")
  void anAnswerWithTheObjectGivesEveryField(
      String name, UnaryOperator<String> headers, StoredObject expected) {
    assertThat(HttpHeadObject.answer(200, headers, STORE)).contains(expected);
  }

  @Test
  void notFoundIsEmpty() {
    assertThat(HttpHeadObject.answer(404, headers(), STORE)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({
    "403, HeadObject answered HTTP 403 at http://127.0.0.1:9000",
    "400, HeadObject answered HTTP 400 at http://127.0.0.1:9000",
    "301, HeadObject answered HTTP 301 at http://127.0.0.1:9000",
    "500, HeadObject answered HTTP 500 at http://127.0.0.1:9000",
    "503, HeadObject answered HTTP 503 at http://127.0.0.1:9000",
  })
  void anyOtherAnswerIsAnObjectStoreException(int status, String message) {
    assertThatThrownBy(() -> HttpHeadObject.answer(status, headers("Content-Length", "0"), STORE))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessage(message);
  }

  @Test
  void awsIsNamedByRegion() {
    assertThatThrownBy(() -> HttpHeadObject.answer(403, headers(), AWS))
        .hasMessage("HeadObject answered HTTP 403 at AWS S3 in eu-west-1");
  }

  @ParameterizedTest(name = "Content-Length {0}")
  @CsvSource(
      value = {"NONE", "'five'", "''"},
      nullValues = "NONE")
  void anAnswerWithoutASizeIsNotTakenForAnEmptyObject(String contentLength) {
    UnaryOperator<String> headers =
        contentLength == null ? headers("ETag", "x") : headers("Content-Length", contentLength);
    assertThatThrownBy(() -> HttpHeadObject.answer(200, headers, STORE))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessage("HeadObject answered without a Content-Length at http://127.0.0.1:9000");
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "a reason in the cause",
            new ConnectException() {
              {
                initCause(new ConnectException("Connection refused"));
              }
            },
            "Connection refused"),
        Arguments.of(
            "the JDK's refused connection says nothing at all",
            new ConnectException() {
              {
                initCause(new ConnectException());
              }
            },
            "connection failed (ConnectException)"),
        Arguments.of(
            "a connect timeout",
            new SocketTimeoutException("Connect timed out"),
            "Connect timed out"),
        Arguments.of(
            "only the first line", new IOException("first line\nsecond line"), "first line"),
        Arguments.of("no message anywhere", new IOException(), "IOException"),
        Arguments.of(
            "a message that quotes the signed URL",
            new IOException(
                "bad answer from http://s3/b/k?X-Amz-Signature=0123456789abcdef&X-Amz-Credential=A"),
            "IOException"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failuresAreDescribedWithoutTheSignedUrl(String name, Throwable failure, String expected) {
    assertThat(HttpHeadObject.describe(failure)).isEqualTo(expected);
  }
}
