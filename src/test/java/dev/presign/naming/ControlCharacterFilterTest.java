package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ControlCharacterFilterTest {

  private final ControlCharacterFilter filter = new ControlCharacterFilter();
  private final Slugifier slugifier = new Slugifier();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("plain name.pdf", "plain name.pdf"),
        Arguments.of("a\u0000b", "ab"),
        Arguments.of("\u0001\u0008\u000e\u001b\u007f", ""),
        Arguments.of("c1\u0080\u0085\u009b\u009f", "c1"),
        Arguments.of("tab\there", "tab here"),
        Arguments.of("a\nb\rc\u000bd\u000ce", "a b c d e"),
        Arguments.of("fs\u001cgs\u001drs\u001eus\u001f", "fs gs rs us "),
        Arguments.of("evil\u202egpj.exe", "evilgpj.exe"),
        Arguments.of("\u202a\u202b\u202c\u202d\u202ex", "x"),
        Arguments.of("\u2066\u2067\u2068\u2069y", "y"),
        Arguments.of("\u200el\u200fr", "lr"),
        Arguments.of("zero\u200bwidth\u200c\u200d\ufeff", "zerowidth"),
        Arguments.of("line\u2028para\u2029", "linepara"),
        Arguments.of("lone\ud800high\udc00low", "lonehighlow"),
        // Paired surrogates, right-to-left letters and ordinary spaces are kept.
        Arguments.of("\ud83d\ude00 \u05e2\u05d1\u05e8\u05d9\u05ea \u0639\u0631\u0628\u064a", null));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("cases")
  void removesControlsAndKeepsTheRest(String value, String expected) {
    assertThat(filter.clean(value)).isEqualTo(expected == null ? value : expected);
  }

  @Test
  void everyRemovedCodePointIsOneSlugifyDeletesAnyway() {
    List<String> changedSlug = new ArrayList<>();
    int removed = 0;
    for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
      String value = "a" + new String(Character.toChars(codePoint)) + "b";
      String clean = filter.clean(value);
      if (!clean.equals(value)) {
        removed++;
        if (!slugifier.slugify(clean).equals(slugifier.slugify(value))) {
          changedSlug.add(Integer.toHexString(codePoint));
        }
      }
    }

    assertThat(changedSlug).isEmpty();
    // Cc (65) + Cf (161 in Unicode 13) + Zl + Zp + surrogates (2,048), give or take a JDK update.
    assertThat(removed).isBetween(65 + 150 + 2 + 2048, 65 + 200 + 2 + 2048);
  }

  @Test
  void leavesNoControlOrFormatCharacter() {
    StringBuilder everything = new StringBuilder();
    for (int codePoint = 0; codePoint <= 0x3000; codePoint++) {
      everything.appendCodePoint(codePoint);
    }

    String clean = filter.clean(everything.toString());

    assertThat(clean.codePoints())
        .noneMatch(
            cp ->
                Character.getType(cp) == Character.CONTROL
                    || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR
                    || Character.getType(cp) == Character.SURROGATE);
    assertThat(clean).contains("a", "\u00e9", "\u05d0", "\u0627", " ");
  }
}
