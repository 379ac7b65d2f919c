package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.naming.ContentDisposition.Type;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The header value for hostile and ordinary names: fixed inputs, exact outputs. */
class ContentDispositionTest {
  private final ContentDisposition dispositions =
      new ContentDisposition(new ControlCharacterFilter());

  /** case, original name, expected attachment header. */
  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of(
            "plain ASCII",
            "lorem-ipsum.pdf",
            "filename=\"lorem-ipsum.pdf\"; filename*=UTF-8''lorem-ipsum.pdf"),
        Arguments.of(
            "CJK and emoji, ASCII key",
            "報告 📄.PDF",
            "filename=\"download.PDF\"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%20%F0%9F%93%84.PDF"),
        Arguments.of(
            "accents fold in the fallback",
            "Ünïcödé résumé.pdf",
            "filename=\"Unicode resume.pdf\";"
                + " filename*=UTF-8''%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20r%C3%A9sum%C3%A9.pdf"),
        Arguments.of(
            "quotes",
            "say \"hi\".txt",
            "filename=\"say _hi_.txt\"; filename*=UTF-8''say%20%22hi%22.txt"),
        Arguments.of(
            "backslash is a separator, the base name counts",
            "C:\\Users\\me\\cv.pdf",
            "filename=\"cv.pdf\"; filename*=UTF-8''cv.pdf"),
        Arguments.of(
            "path traversal", "../../etc/passwd", "filename=\"passwd\"; filename*=UTF-8''passwd"),
        Arguments.of(
            "header injection: CR LF become spaces",
            "a\r\nSet-Cookie: x=1.txt",
            "filename=\"a Set-Cookie: x=1.txt\"; filename*=UTF-8''a%20%20Set-Cookie%3A%20x%3D1.txt"),
        Arguments.of(
            "NUL and DEL are removed",
            "in\u0000vo\u007fice.pdf",
            "filename=\"invoice.pdf\"; filename*=UTF-8''invoice.pdf"),
        Arguments.of(
            "right-to-left override is removed",
            "evil\u202Egpj.exe",
            "filename=\"evilgpj.exe\"; filename*=UTF-8''evilgpj.exe"),
        Arguments.of(
            "percent and semicolon",
            "100% sure; really.txt",
            "filename=\"100_ sure; really.txt\"; filename*=UTF-8''100%25%20sure%3B%20really.txt"),
        Arguments.of(
            "attr-chars stay as they are",
            "a!#$&+-.^_`|~b",
            "filename=\"a!#$&+-.^_`|~b\"; filename*=UTF-8''a!#$&+-.^_`|~b"),
        Arguments.of(
            "only non-ASCII, no extension",
            "фото",
            "filename=\"download\"; filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE"),
        Arguments.of("nothing left", "/", "filename=\"download\"; filename*=UTF-8''download"),
        Arguments.of("only dots", "..", "filename=\"download\"; filename*=UTF-8''download"),
        Arguments.of(
            "only controls", "\u0001\u0002", "filename=\"download\"; filename*=UTF-8''download"),
        Arguments.of(
            "surrounding whitespace", "  a.pdf \t", "filename=\"a.pdf\"; filename*=UTF-8''a.pdf"),
        Arguments.of(
            "fullwidth letters fold",
            "ｒｅｐｏｒｔ.pdf",
            "filename=\"report.pdf\";"
                + " filename*=UTF-8''%EF%BD%92%EF%BD%85%EF%BD%90%EF%BD%8F%EF%BD%92%EF%BD%94.pdf"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void buildsTheHeader(String name, String original, String expected) {
    assertThat(dispositions.header(Type.ATTACHMENT, original)).isEqualTo("attachment; " + expected);
  }

  @Test
  void inlineHasTheSameParameters() {
    assertThat(dispositions.header(Type.INLINE, "a b.png"))
        .isEqualTo("inline; filename=\"a b.png\"; filename*=UTF-8''a%20b.png");
  }

  @Test
  void nullIsTheDefaultName() {
    assertThat(dispositions.header(Type.ATTACHMENT, null))
        .isEqualTo("attachment; filename=\"download\"; filename*=UTF-8''download");
  }

  @Test
  void veryLongNamesAreCutTo255BytesKeepingTheExtensionAndWholeCharacters() {
    String header = dispositions.header(Type.ATTACHMENT, "報".repeat(200) + ".pdf");
    String name = decoded(header);
    assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    assertThat(name).isEqualTo("報".repeat(83) + ".pdf"); // 83 × 3 bytes + 4
    assertThat(header).contains("filename=\"download.pdf\"");

    String ascii = dispositions.header(Type.ATTACHMENT, "a".repeat(10_000) + ".tar.gz");
    assertThat(decoded(ascii)).isEqualTo("a".repeat(10_000).substring(0, 252) + ".gz");

    String emoji = decoded(dispositions.header(Type.ATTACHMENT, "📄".repeat(100)));
    assertThat(emoji).isEqualTo("📄".repeat(63)); // 4 bytes each, never half a surrogate pair
  }

  @Test
  void everyCodePointGivesAHeaderOfVisibleAsciiThatDecodesToTheCleanName() {
    for (int cp = 0; cp <= 0x10FFFF; cp += 7) {
      String original = "a" + new String(Character.toChars(cp)) + "b.txt";
      String header = dispositions.header(Type.ATTACHMENT, original);
      assertThat(header.chars().allMatch(c -> c >= ' ' && c <= '~')).as("U+%04X", cp).isTrue();
      String quoted = header.substring(header.indexOf('"') + 1, header.lastIndexOf('"'));
      assertThat(quoted).as("U+%04X", cp).doesNotContain("\"", "\\", "%");
      assertThat(decoded(header)).as("U+%04X", cp).isEqualTo(dispositions.fileName(original));
    }
  }

  private static String decoded(String header) {
    String encoded = header.substring(header.indexOf("filename*=UTF-8''") + 17);
    return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
