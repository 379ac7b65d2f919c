package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Django's own slugify test cases (allow_unicode=False), plus the edges we depend on. */
class SlugifierTest {

  private final Slugifier slugifier = new Slugifier();

  static Stream<Arguments> djangoTestSuite() {
    // From Django's tests/utils_tests/test_text.py and the template filter tests; the expected
    // values are what django.utils.text.slugify returns with allow_unicode=False.
    return Stream.of(
        Arguments.of("Hello World", "hello-world"),
        Arguments.of("Hello, World!", "hello-world"),
        Arguments.of("spam & eggs", "spam-eggs"),
        Arguments.of(" multiple---dash and  space ", "multiple-dash-and-space"),
        Arguments.of("\t whitespace-in-value \n", "whitespace-in-value"),
        Arguments.of("underscore_in-value", "underscore_in-value"),
        Arguments.of("__strip__underscore-value___", "strip__underscore-value"),
        Arguments.of("--strip-dash-value---", "strip-dash-value"),
        Arguments.of("__strip-mixed-value---", "strip-mixed-value"),
        Arguments.of("_ -strip-mixed-value _-", "strip-mixed-value"),
        Arguments.of(
            " Jack & Jill like numbers 1,2,3 and 4 and silly characters ?%.$!/",
            "jack-jill-like-numbers-123-and-4-and-silly-characters"),
        Arguments.of(
            "Un \u00e9l\u00e9phant \u00e0 l'or\u00e9e du bois", "un-elephant-a-loree-du-bois"),
        // Dotless i (U+0131) has no decomposition, so it is dropped; c-cedilla folds to c.
        Arguments.of("  foo \u0131\u00e7 bar", "foo-c-bar"),
        Arguments.of("spam & \u0131\u00e7\u00fc\u015f", "spam-cus"),
        Arguments.of("\u4f60\u597d", ""),
        Arguments.of("\u0130stanbul", "istanbul"),
        Arguments.of("tab\there", "tab-here"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
  @MethodSource("djangoTestSuite")
  void matchesDjangoTestSuite(String value, String expected) {
    assertThat(slugifier.slugify(value)).isEqualTo(expected);
  }

  static Stream<Arguments> whitespaceAndSeparators() {
    return Stream.of(
        // Python's \s on ASCII includes VT, FF and the information separators FS, GS, RS, US.
        Arguments.of("a\u000bb", "a-b"),
        Arguments.of("a\u000cb", "a-b"),
        Arguments.of("a\rb", "a-b"),
        Arguments.of("a\u001cb\u001dc\u001ed\u001fe", "a-b-c-d-e"),
        // Other ASCII controls are deleted without separating words.
        Arguments.of("a\u0000b\u0007c\u001bd\u007fe", "abcde"),
        // Non-ASCII spaces only separate when NFKD maps them to an ASCII space.
        Arguments.of("a\u00a0b", "a-b"),
        Arguments.of("a\u3000b", "a-b"),
        Arguments.of("a\u0085b", "ab"),
        Arguments.of("a\u2028b", "ab"),
        // Deleted characters between separators do not keep the separators apart.
        Arguments.of("a -!- b", "a-b"),
        Arguments.of("a_-_b", "a_-_b"),
        Arguments.of("-_-", ""),
        Arguments.of("", ""),
        Arguments.of("ABC", "abc"),
        Arguments.of("\ud835\udc00\ud835\udc01", "ab"), // mathematical bold capitals fold to ASCII
        Arguments.of("\ud800x\udfff", "x")); // unpaired surrogates are dropped
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
  @MethodSource("whitespaceAndSeparators")
  void treatsWhitespaceAndControlsAsPythonDoes(String value, String expected) {
    assertThat(slugifier.slugify(value)).isEqualTo(expected);
  }

  @Test
  void keepsLongValuesWhole() {
    String value = "Ab ".repeat(4000);

    String slug = slugifier.slugify(value);

    assertThat(slug).hasSize(4000 * 3 - 1).startsWith("ab-ab-").endsWith("-ab");
  }

  @Test
  void rejectsNull() {
    assertThatNullPointerException().isThrownBy(() -> slugifier.slugify(null));
  }
}
