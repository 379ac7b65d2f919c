package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileNameFactoryTest {

  private static final UUID ID = UUID.fromString("90bd0986-9a98-40a2-9d94-f3f84eef68d0");
  private static final String HEX = "90bd09869a9840a29d94f3f84eef68d0";

  private final FileNameFactory factory = new FileNameFactory();

  @Test
  void buildsTheSeedExample() {
    UploadFileName name = factory.create("lorem-ipsum.pdf", ID);

    assertThat(name.fileName()).isEqualTo("90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf");
    assertThat(name.slug()).isEqualTo("lorem-ipsum");
    assertThat(name.extension()).isEqualTo("pdf");
    assertThat(name.hasExtension()).isTrue();
  }

  static Stream<Arguments> names() {
    return Stream.of(
        // name, expected slug, expected extension ("" = none)
        Arguments.of("no extension", "README", "readme", ""),
        Arguments.of("trailing dot", "file.", "file", ""),
        Arguments.of("many dots", "archive.tar.gz", "archivetar", "gz"),
        Arguments.of("many dots 2", "my.holiday.photo.2024.JPG", "myholidayphoto2024", "jpg"),
        Arguments.of("dotfile", ".bashrc", "bashrc", ""),
        Arguments.of("dotfile behind whitespace", "  .bashrc", "bashrc", ""),
        Arguments.of("only dots before the last dot", "..pdf", "pdf", ""),
        Arguments.of("dotfile with extension", ".tar.gz", "tar", "gz"),
        Arguments.of("uppercase extension", "report.PDF", "report", "pdf"),
        Arguments.of(
            "unicode", "\u00dcn\u00efc\u00f6d\u00e9 r\u00e9sum\u00e9.PDF", "unicode-resume", "pdf"),
        Arguments.of("decomposed unicode", "Cafe\u0301.txt", "cafe", "txt"),
        Arguments.of("emoji only", "\ud83d\ude00.png", "file", "png"),
        Arguments.of("emoji without extension", "\ud83d\ude00\ud83c\udf89", "file", ""),
        Arguments.of("arabic", "\u0634\u0647\u0627\u062f\u0629.pdf", "file", "pdf"),
        Arguments.of("hebrew", "\u05ea\u05de\u05d5\u05e0\u05d4.jpg", "file", "jpg"),
        Arguments.of(
            "mixed arabic and latin",
            "report \u062a\u0642\u0631\u064a\u0631 2024.pdf",
            "report-2024",
            "pdf"),
        Arguments.of("right-to-left override", "evil\u202egpj.exe", "evilgpj", "exe"),
        Arguments.of("isolates and marks", "\u2067inv\u200foice\u2069.pdf\u200e", "invoice", "pdf"),
        Arguments.of("nul and controls", "in\u0000voice\u0007.pdf", "invoice", "pdf"),
        Arguments.of("nul inside the extension", "a.p\u0000df", "a", "pdf"),
        Arguments.of("tab is a word break", "my\tcv.pdf", "my-cv", "pdf"),
        Arguments.of("trailing newline", "file.pdf\n", "file", "pdf"),
        Arguments.of("line separator", "a\u2028b.txt", "ab", "txt"),
        Arguments.of("unix traversal", "../../etc/passwd", "passwd", ""),
        Arguments.of("windows traversal", "..\\..\\boot.ini", "boot", "ini"),
        Arguments.of("windows path", "C:\\Users\\me\\Desktop\\cv.PDF", "cv", "pdf"),
        Arguments.of("path ending in a separator", "uploads/", "file", ""),
        Arguments.of("slash", "/", "file", ""),
        Arguments.of("dot", ".", "file", ""),
        Arguments.of("dot dot", "..", "file", ""),
        Arguments.of("three dots", "...", "file", ""),
        Arguments.of("empty", "", "file", ""),
        Arguments.of("whitespace only", " \t \u3000 ", "file", ""),
        Arguments.of("empty slug with extension", "!!!.txt", "file", "txt"),
        Arguments.of("punctuation only", "?%$!", "file", ""),
        Arguments.of("non-ascii extension", "file.\u0444\u043e\u0442\u043e", "file", ""),
        Arguments.of("extension of 16", "file.abcdefghijklmnop", "file", "abcdefghijklmnop"),
        Arguments.of("extension of 17", "file.abcdefghijklmnopq", "fileabcdefghijklmnopq", ""),
        Arguments.of("extension with space", "report.final draft", "reportfinal-draft", ""),
        Arguments.of("extension with dash", "backup.tar-gz", "backuptar-gz", ""),
        Arguments.of("fullwidth extension", "file.\uff50\uff44\uff46", "file", "pdf"),
        Arguments.of("fullwidth dot is not a dot", "file\uff0epdf", "filepdf", ""),
        Arguments.of("fullwidth solidus is not a separator", "a\uff0fb.txt", "ab", "txt"),
        Arguments.of("percent-encoded traversal", "%2e%2e%2fetc.txt", "2e2e2fetc", "txt"),
        Arguments.of("ligature", "\ufb01nal.txt", "final", "txt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void buildsSafeNames(String description, String original, String slug, String extension) {
    UploadFileName name = factory.create(original, ID);

    assertThat(name.slug()).isEqualTo(slug);
    assertThat(name.extension()).isEqualTo(extension);
    assertThat(name.fileName())
        .isEqualTo(extension.isEmpty() ? HEX + "-" + slug : HEX + "-" + slug + "." + extension);
  }

  @Test
  void cutsTenThousandCharacterNamesToOneHundredCharacterSlugs() {
    UploadFileName name = factory.create("a".repeat(10_000) + ".pdf", ID);

    assertThat(name.slug()).isEqualTo("a".repeat(100));
    assertThat(name.fileName()).isEqualTo(HEX + "-" + "a".repeat(100) + ".pdf").hasSize(137);
  }

  @Test
  void stripsTheDashLeftAtTheCut() {
    // "a-a-...": the 100th character is a dash, so 99 remain.
    UploadFileName name = factory.create("a-".repeat(5_000), ID);

    assertThat(name.slug()).hasSize(99).startsWith("a-a-").endsWith("-a");
    assertThat(name.extension()).isEmpty();
  }

  @Test
  void stripsUnderscoresLeftAtTheCut() {
    UploadFileName name = factory.create("b".repeat(98) + "___" + "c".repeat(10) + ".txt", ID);

    assertThat(name.slug()).isEqualTo("b".repeat(98));
  }

  @Test
  void producesTheLongestNameFromALongNameAndLongExtension() {
    UploadFileName name = factory.create("x".repeat(10_000) + ".abcdefghijklmnop", ID);

    assertThat(name.fileName()).hasSize(FileNameFactory.MAX_FILE_NAME_LENGTH).hasSize(150);
  }

  @Test
  void usesTheLowercaseHexOfTheId() {
    UUID id = UUID.fromString("ABCDEF01-2345-6789-ABCD-EF0123456789");

    assertThat(factory.create("a.txt", id).fileName())
        .isEqualTo("abcdef0123456789abcdef0123456789-a.txt");
  }

  @Test
  void rejectsNulls() {
    assertThatNullPointerException().isThrownBy(() -> factory.create(null, ID));
    assertThatNullPointerException().isThrownBy(() -> factory.create("a.txt", null));
  }
}
