package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTypePolicyTest {

  private final ContentTypePolicy policy = new ContentTypePolicy();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/pdf",
        "image/svg+xml",
        "text/plain; charset=utf-8",
        "text/plain;charset=UTF-8",
        "text/plain ; charset=utf-8",
        "multipart/form-data; boundary=\"a b;c\"",
        "text/plain; charset=\"utf\\\"8\"",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "APPLICATION/X-Custom+JSON; a=1; b=2",
        "*/*"
      })
  void acceptsRfc7231MediaTypes(String contentType) {
    assertThat(policy.isWellFormed(contentType)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "pdf",
        "application/",
        "/pdf",
        "application/pdf/x",
        "application /pdf",
        "application/pdf ",
        " application/pdf",
        "text/plain;",
        "text/plain; charset",
        "text/plain; charset=",
        "text/plain; charset=utf 8",
        "text/plain; charset=\"unterminated",
        "text/plain\r\nX-Injected: 1",
        "text/plain\nx",
        "text/plain\r",
        "text/plain\u0000",
        "text/plain;\tcharset=utf-8",
        "text/plain; name=\"a\tb\"",
        "text/pl\u00e4in",
        "text/plain; name=\"\u00e9\"",
        "text/(plain)",
        "text@/plain"
      })
  void rejectsMalformedTypesAndHeaderInjection(String contentType) {
    assertThat(policy.isWellFormed(contentType)).isFalse();
  }

  @Test
  void limitsTheLengthTo255Characters() {
    String longest = "application/" + "x".repeat(255 - "application/".length());

    assertThat(policy.isWellFormed(longest)).isTrue();
    assertThat(policy.isWellFormed(longest + "x")).isFalse();
    assertThat(policy.isWellFormed(null)).isFalse();
  }

  static Stream<Arguments> allowed() {
    return Stream.of(
        // content type, patterns, allowed?
        Arguments.of("application/pdf", List.of(), true),
        Arguments.of("application/pdf", List.of("application/pdf"), true),
        Arguments.of("Application/PDF", List.of("application/pdf"), true),
        Arguments.of("application/pdf", List.of("APPLICATION/Pdf"), true),
        Arguments.of("text/plain; charset=utf-8", List.of("text/plain"), true),
        Arguments.of("text/plain ; charset=utf-8", List.of("text/plain"), true),
        Arguments.of("image/png", List.of("image/*"), true),
        Arguments.of("IMAGE/PNG", List.of("image/*"), true),
        Arguments.of("image/png", List.of("application/pdf", "image/*"), true),
        Arguments.of("video/mp4", List.of("*/*"), true),
        Arguments.of("image/png", List.of(" image/png "), true),
        Arguments.of("application/pdf", List.of("image/*"), false),
        Arguments.of("application/pdf", List.of("application/pdfx"), false),
        Arguments.of("application/pdfx", List.of("application/pdf"), false),
        Arguments.of("image/png", List.of("imag/*"), false),
        Arguments.of("imagex/png", List.of("image/*"), false),
        Arguments.of("text/plain", List.of("text/plain; charset=utf-8"), false),
        Arguments.of("text/plain", List.of("*/plain"), false),
        Arguments.of("text/plain", List.of("text"), false),
        Arguments.of("text/plain", List.of("*"), false),
        Arguments.of("text/plain", Arrays.asList((String) null), false),
        Arguments.of("text/plain\r\nX: y", List.of(), false),
        Arguments.of("text/plain\r\nX: y", List.of("*/*"), false),
        Arguments.of("text/plain\r\nX: y", List.of("text/plain"), false),
        Arguments.of("", List.of(), false));
  }

  @ParameterizedTest(name = "[{index}] {0} in {1} -> {2}")
  @MethodSource("allowed")
  void matchesExactTypesAndRanges(String contentType, List<String> patterns, boolean expected) {
    assertThat(policy.isAllowed(contentType, patterns)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"image/png", "image/*", "*/*", " Image/PNG ", "application/vnd.a+json"})
  void acceptsPatterns(String pattern) {
    assertThat(policy.isValidPattern(pattern)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "image", "*", "*/png", "image/", "image/png; q=1", "image/**x/", "im age/png"})
  void rejectsPatterns(String pattern) {
    assertThat(policy.isValidPattern(pattern)).isFalse();
  }

  @Test
  void rejectsNullPatternList() {
    assertThatNullPointerException().isThrownBy(() -> policy.isAllowed("image/png", null));
  }
}
