package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.naming.ContentTypePolicy;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A body that is not JSON is answered with what is wrong and where (line, column), and never with
 * the text of the body itself.
 */
class JsonBodyReaderTest {
  private static final String NOT_JSON = "the request body is not valid JSON: ";

  static Stream<Arguments> notJson() {
    return Stream.of(
        Arguments.of(
            "a trailing comma",
            "{\"original_file_name\": \"a.pdf\", \"file_size\": 1,}",
            NOT_JSON + "a trailing comma before '}' (line 1, column 48)"),
        Arguments.of(
            "a trailing comma on the line before",
            "{\n  \"original_file_name\": \"a.pdf\",\n  \"file_size\": 1,\n}",
            NOT_JSON + "a trailing comma before '}' (line 4, column 1)"),
        Arguments.of(
            "a trailing comma in an array",
            "{\"metadata\": [1,]}",
            NOT_JSON + "a trailing comma before ']' (line 1, column 17)"),
        Arguments.of(
            "a body cut short",
            "{\"original_file_name\": \"a.pdf\"",
            NOT_JSON + "it ends before the JSON is complete (line 1, column 31)"),
        Arguments.of(
            "an open brace only",
            "{",
            NOT_JSON + "it ends before the JSON is complete (line 1, column 2)"),
        Arguments.of(
            "single quotes",
            "{'file_size': 1}",
            NOT_JSON
                + "a single quote (JSON strings and keys take double quotes) (line 1, column 2)"),
        Arguments.of(
            "a raw newline in a string",
            "{\"original_file_name\": \"a\nb.pdf\"}",
            NOT_JSON
                + "a control character (such as a raw newline) inside a string must be escaped"
                + " (line 1, column 26)"),
        Arguments.of(
            "a missing colon",
            "{\"file_size\" 1}",
            NOT_JSON + "unexpected characters (line 1, column 14)"),
        Arguments.of("a word", "nope", NOT_JSON + "unexpected characters (line 1, column 1)"),
        Arguments.of(
            "NaN, which JSON does not have",
            "{\"file_size\": NaN}",
            NOT_JSON + "unexpected '}' (line 1, column 18)"),
        Arguments.of(
            "a second object after the first",
            "{\"file_size\": 1}{}",
            "the request body must be one JSON object with nothing after it (line 1, column 17)"),
        Arguments.of(
            "arrays nested 20 deep",
            "[".repeat(20) + "]".repeat(20),
            "the request body nests objects or arrays too deeply"),
        Arguments.of(
            "a number of 70 digits",
            "{\"file_size\": " + "1".repeat(70) + "}",
            "the request body holds a number with too many digits"),
        Arguments.of(
            "a repeated key",
            "{\"file_size\": 1, \"file_size\": 2}",
            "the request body must not repeat a key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notJson")
  void saysWhatAndWhere(String name, String body, String message) {
    assertThatThrownBy(() -> CreateUploadBody.parse(body, new ContentTypePolicy()))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.body()).isEqualTo(Map.of("errors", Map.of("non_field_errors", message)));
            });
  }

  /** Jackson's own message would quote the token it refused: a secret pasted in the wrong place. */
  @Test
  void neverQuotesTheBody() {
    String secret = "eyJhbGciOiJSUzI1NiJ9-secret";
    for (String body :
        new String[] {
          "{\"file_size\": " + secret + "}",
          secret,
          "{\"" + secret + "\" 1}",
          "{\"file_size\": 1}" + secret,
          "{\"a\": \"" + secret + "\n\"}",
        }) {
      assertThatThrownBy(() -> CreateUploadBody.parse(body, new ContentTypePolicy()))
          .isInstanceOfSatisfying(
              ApiError.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.body().toString()).doesNotContain("secret").doesNotContain("eyJ");
                assertThat(e.getMessage()).doesNotContain("secret");
              });
    }
  }
}
