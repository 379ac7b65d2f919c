package dev.presign.signing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EchoSafeTextTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain ASCII|avatars|avatars",
        "C0 control|a\u0001b|a?b",
        "C1 control|a\u0085b|a?b",
        "bidi override|evil\u202Egpj.exe|evil?gpj.exe",
        "line separator|a\u2028b|a?b",
        "zero-width joiner|a\u200Db|a?b",
        "unicode letters stay|café|café",
      })
  void unsafeCharactersBecomeQuestionMarks(String name, String input, String expected) {
    assertThat(EchoSafeText.of(input, 64)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "cut at {1}")
  @CsvSource({"abcdef, 3, abc…", "abc, 3, abc"})
  void longTextIsCutAtTheLimit(String input, int limit, String expected) {
    assertThat(EchoSafeText.of(input, limit)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void neverCutsASurrogatePairInHalf() {
    String emoji = "😀😀😀";
    assertThat(EchoSafeText.of(emoji, 2)).isEqualTo("😀😀…");
    assertThat(EchoSafeText.of("a\uD800b", 10)).isEqualTo("a?b");
  }
}
