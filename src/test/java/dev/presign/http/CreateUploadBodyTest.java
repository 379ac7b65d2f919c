package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.naming.ContentTypePolicy;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP API's answers to a create body at and beyond each limit: the field it names and the
 * exact text, which a frontend may show (these must not change when a limit's source moves).
 */
class CreateUploadBodyTest {
  private static final String NAME = "\"original_file_name\": \"a.pdf\"";
  private static final String SIZE = "\"file_size\": 1";

  static String body(String... members) {
    return "{" + String.join(", ", members) + "}";
  }

  static String valid(String extra) {
    return body(NAME, SIZE, extra);
  }

  static String text(String field, String value) {
    return "\"" + field + "\": \"" + value + "\"";
  }

  static String metadata(int entries) {
    return "\"metadata\": {"
        + IntStream.range(0, entries)
            .mapToObj(i -> "\"k" + i + "\": \"v\"")
            .collect(Collectors.joining(", "))
        + "}";
  }

  static Stream<Arguments> refused() {
    String sizeRule =
        "must be the file's size in bytes, a whole number from 1 to 5368709120 (a number or a"
            + " string of digits)";
    String expiresRule = "must be a whole number of seconds from 1 to 604800";
    String namespaceRule =
        "must be a namespace name (lowercase letters, digits and '-', at most 63)";
    return Stream.of(
        Arguments.of(
            "not JSON", "nope", "non_field_errors", "the request body must be a JSON object"),
        Arguments.of(
            "a repeated key",
            body(NAME, NAME, SIZE),
            "non_field_errors",
            "the request body must not repeat a key"),
        Arguments.of(
            "an array",
            "[]",
            "non_field_errors",
            "the request body must be a JSON object such as {\"original_file_name\": \"a.pdf\","
                + " \"file_size\": 1024}"),
        Arguments.of(
            "no file name",
            body(SIZE),
            "original_file_name",
            "is required: the file's name, 1 to 4096 characters"),
        Arguments.of(
            "a file name of 4097 characters",
            body(text("original_file_name", "a".repeat(4097)), SIZE),
            "original_file_name",
            "must be 1 to 4096 characters"),
        Arguments.of("no size", body(NAME), "file_size", "is required: " + sizeRule),
        Arguments.of("size zero", body(NAME, "\"file_size\": 0"), "file_size", sizeRule),
        Arguments.of(
            "size over 5 GiB without multipart",
            body(NAME, "\"file_size\": 5368709121"),
            "file_size",
            "is over 5368709120 bytes (5 GiB), the most one POST or PUT can carry: send"
                + " \"multipart\": true to upload it in parts"),
        Arguments.of(
            "size over 5 GiB with multipart false",
            body(NAME, "\"file_size\": 5368709121", "\"multipart\": false"),
            "file_size",
            "is over 5368709120 bytes (5 GiB), the most one POST or PUT can carry: send"
                + " \"multipart\": true to upload it in parts"),
        Arguments.of(
            "size over 5 TiB with multipart",
            body(NAME, "\"file_size\": 5497558138881", "\"multipart\": true"),
            "file_size",
            "must be the file's size in bytes, a whole number from 1 to 5497558138880 (a number or"
                + " a string of digits)"),
        Arguments.of(
            "multipart as text",
            valid(text("multipart", "true")),
            "multipart",
            "must be true (upload in parts, signed one by one) or false (the default)"),
        Arguments.of(
            "a content type that is not one",
            valid(text("file_type", "nonsense")),
            "file_type",
            "must be a media type such as application/pdf or image/png (type/subtype, visible"
                + " ASCII, at most 255 characters)"),
        Arguments.of(
            "a folder of 257 characters",
            valid(text("upload_to", "u".repeat(257))),
            "upload_to",
            "must be at most 256 characters"),
        Arguments.of(
            "a class name with capitals",
            valid(text("upload_class", "Media")),
            "upload_class",
            "must be the name of an UploadClass (lowercase letters, digits, '-' and '.')"),
        Arguments.of(
            "a namespace of 64 characters",
            valid(text("namespace", "n".repeat(64))),
            "namespace",
            namespaceRule),
        Arguments.of(
            "a namespace starting with '-'",
            valid(text("namespace", "-shop")),
            "namespace",
            namespaceRule),
        Arguments.of(
            "a namespace with a dot", valid(text("namespace", "a.b")), "namespace", namespaceRule),
        Arguments.of(
            "a namespace ending in a newline",
            valid(text("namespace", "shop\\n")),
            "namespace",
            namespaceRule),
        Arguments.of(
            "expiry over 7 days", valid("\"expires_in\": 604801"), "expires_in", expiresRule),
        Arguments.of("expiry zero", valid("\"expires_in\": 0"), "expires_in", expiresRule),
        Arguments.of(
            "expiry as eight characters of text",
            valid(text("expires_in", "00604800")),
            "expires_in",
            expiresRule),
        Arguments.of(
            "metadata of 33 entries",
            valid(metadata(33)),
            "metadata",
            "must be an object of at most 32 string values"),
        Arguments.of(
            "metadata with a number",
            valid("\"metadata\": {\"a\": 1}"),
            "metadata",
            "values must be strings"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusedNamingTheField(String name, String body, String field, String message) {
    assertThatThrownBy(() -> CreateUploadBody.parse(body, new ContentTypePolicy()))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.body()).isEqualTo(Map.of("errors", Map.of(field, message)));
            });
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of(
            "a file name of 4096 characters",
            body(text("original_file_name", "a".repeat(4096)), SIZE)),
        Arguments.of("size as text", body(NAME, text("file_size", "77000"))),
        Arguments.of("a folder of 256 characters", valid(text("upload_to", "u".repeat(256)))),
        Arguments.of("a namespace of 63 characters", valid(text("namespace", "n".repeat(63)))),
        Arguments.of("expiry of 7 days", valid("\"expires_in\": 604800")),
        Arguments.of("expiry of 7 days as text with a sign", valid(text("expires_in", "+604800"))),
        Arguments.of("expiry with a leading zero", valid(text("expires_in", "0604800"))),
        Arguments.of("metadata of 32 entries", valid(metadata(32))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepted(String name, String body) {
    assertThat(CreateUploadBody.parse(body, new ContentTypePolicy())).isNotNull();
  }

  static Stream<Arguments> multipart() {
    return Stream.of(
        Arguments.of("not asked", valid("\"upload_to\": null"), false, 1L),
        Arguments.of("null", valid("\"multipart\": null"), false, 1L),
        Arguments.of("false", valid("\"multipart\": false"), false, 1L),
        Arguments.of("true", valid("\"multipart\": true"), true, 1L),
        Arguments.of(
            "true, 5 TiB",
            body(NAME, "\"file_size\": \"5497558138880\"", "\"multipart\": true"),
            true,
            5497558138880L),
        Arguments.of(
            "true, 5 GiB and a byte",
            body(NAME, "\"file_size\": 5368709121", "\"multipart\": true"),
            true,
            5368709121L));
  }

  /** Multipart only when asked, whatever the size: the seed's frontends read the POST form. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("multipart")
  void multipartOnlyWhenAsked(String name, String body, boolean multipart, long size) {
    CreateUploadBody parsed = CreateUploadBody.parse(body, new ContentTypePolicy());
    assertThat(parsed.multipart()).isEqualTo(multipart);
    assertThat(parsed.fileSize()).isEqualTo(size);
  }
}
