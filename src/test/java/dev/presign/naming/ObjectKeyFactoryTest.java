package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.fields.UploadField;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyFactoryTest {

  private static final String FILE_NAME = "90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf";

  private final ObjectKeyFactory keys = new ObjectKeyFactory();

  @Test
  void buildsTheSeedKey() {
    assertThat(keys.key("media/", "uploads", FILE_NAME))
        .isEqualTo("media/uploads/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf");
  }

  static Stream<Arguments> validParts() {
    return Stream.of(
        Arguments.of("", "uploads", "a", "uploads/a"),
        Arguments.of("media/", "/uploads/", "a.pdf", "media/uploads/a.pdf"),
        Arguments.of("media/", "///uploads///", "a.pdf", "media/uploads/a.pdf"),
        Arguments.of(
            "tenant-1/media/", "Invoices/2024", "a_b-c", "tenant-1/media/Invoices/2024/a_b-c"),
        Arguments.of("v1.2/", "x...y/...", "a", "v1.2/x...y/.../a"),
        Arguments.of("a/", "b", "f.abcdefghijklmnop", "a/b/f.abcdefghijklmnop"));
  }

  @ParameterizedTest(name = "[{index}] {3}")
  @MethodSource("validParts")
  void joinsValidParts(String prefix, String uploadTo, String fileName, String expected) {
    assertThat(keys.key(prefix, uploadTo, fileName)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "media", // no trailing slash
        "/media/",
        "media//",
        "./",
        "../",
        "media/../",
        "media/./",
        "med ia/",
        "media\\x/",
        "m\u00e9dia/",
        "media/\u0000/",
        "media/\n"
      })
  void rejectsKeyPrefixes(String prefix) {
    assertThatThrownBy(() -> keys.key(prefix, "uploads", FILE_NAME))
        .isInstanceOfSatisfying(
            InvalidNameException.class,
            e -> {
              assertThat(e.field()).isEqualTo(UploadField.KEY_PREFIX);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "must be empty, or at most 256 characters of letters, digits, '.', '_', '-'"
                          + " in '/'-separated segments ending with '/', without '.' or '..'"
                          + " segments");
            });
  }

  @Test
  void acceptsKeyPrefixesUpTo256Characters() {
    String longest = "p".repeat(255) + "/";

    assertThat(keys.key(longest, "u", "f")).isEqualTo(longest + "u/f");
    assertThatThrownBy(() -> keys.key("p" + longest, "u", "f"))
        .isInstanceOf(InvalidNameException.class)
        .extracting(e -> ((InvalidNameException) e).field())
        .isEqualTo(UploadField.KEY_PREFIX);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/",
        "///",
        ".",
        "..",
        "../uploads",
        "uploads/..",
        "uploads/../../etc",
        "a/./b",
        "a//b",
        "up loads",
        "up\\loads",
        "..\\..",
        "uploads\u0000",
        "uploads\n",
        "\u202euploads",
        "upl\u00f6ads",
        "uploads?x=1",
        "%2e%2e"
      })
  void rejectsUploadFolders(String uploadTo) {
    assertThatThrownBy(() -> keys.key("media/", uploadTo, FILE_NAME))
        .isInstanceOfSatisfying(
            InvalidNameException.class,
            e -> {
              assertThat(e.field()).isEqualTo(UploadField.UPLOAD_TO);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "must be 1 to 256 characters of letters, digits, '.', '_', '-' in"
                          + " '/'-separated segments, without '.' or '..' segments");
            });
  }

  @Test
  void acceptsUploadFoldersUpTo256CharactersAfterTrimming() {
    String longest = "u".repeat(128) + "/" + "v".repeat(127);

    assertThat(keys.normalizeUploadTo("/" + longest + "/")).isEqualTo(longest);
    assertThatThrownBy(() -> keys.normalizeUploadTo(longest + "w"))
        .isInstanceOf(InvalidNameException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "a..b",
        "a.b.c",
        "A.pdf",
        "a.PDF",
        "a.",
        ".pdf",
        "a/b",
        "a\\b",
        "a b",
        "a.abcdefghijklmnopq",
        "a.p-f",
        "\u00e9.pdf",
        "a\u0000.pdf"
      })
  void rejectsFileNamesTheFactoryWouldNotProduce(String fileName) {
    assertThatThrownBy(() -> keys.key("media/", "uploads", fileName))
        .isInstanceOfSatisfying(
            InvalidNameException.class,
            e -> {
              assertThat(e.field()).isEqualTo(UploadField.ORIGINAL_FILE_NAME);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "must be 1 to 150 characters of lowercase letters, digits, '_', '-',"
                          + " optionally followed by one '.' and an extension of 1 to 16 lowercase"
                          + " letters or digits");
            });
  }

  @Test
  void acceptsFileNamesUpTo150Characters() {
    String longest = "f".repeat(133) + "." + "e".repeat(16);

    assertThat(keys.key("", "u", longest)).isEqualTo("u/" + longest);
    assertThatThrownBy(() -> keys.key("", "u", "f" + longest))
        .isInstanceOf(InvalidNameException.class);
  }

  @Test
  void rejectsNullsAsInvalidFields() {
    assertThatThrownBy(() -> keys.key(null, "u", "f"))
        .isInstanceOfSatisfying(
            InvalidNameException.class,
            e -> assertThat(e.field()).isEqualTo(UploadField.KEY_PREFIX));
    assertThatThrownBy(() -> keys.key("", null, "f"))
        .isInstanceOfSatisfying(
            InvalidNameException.class,
            e -> assertThat(e.field()).isEqualTo(UploadField.UPLOAD_TO));
    assertThatThrownBy(() -> keys.key("", "u", null))
        .isInstanceOfSatisfying(
            InvalidNameException.class,
            e -> assertThat(e.field()).isEqualTo(UploadField.ORIGINAL_FILE_NAME));
  }

  @Test
  void reportsTheFirstInvalidPart() {
    assertThatThrownBy(() -> keys.key("../", "..", ".."))
        .isInstanceOfSatisfying(
            InvalidNameException.class,
            e -> assertThat(e.field()).isEqualTo(UploadField.KEY_PREFIX));
    assertThatThrownBy(() -> keys.key("", "..", ".."))
        .isInstanceOfSatisfying(
            InvalidNameException.class,
            e -> assertThat(e.field()).isEqualTo(UploadField.UPLOAD_TO));
  }

  @Test
  void longestKeyFitsInS3sLimit() {
    String key = keys.key("p".repeat(255) + "/", "u".repeat(256), "f".repeat(133) + ".pdf");

    assertThat(key).hasSize(256 + 256 + 1 + 137);
    assertThat(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(1024);
  }

  @Test
  void invalidNameExceptionIsAnIllegalArgumentException() {
    assertThat(new InvalidNameException(UploadField.UPLOAD_TO, "must be x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be x")
        .extracting(InvalidNameException::field)
        .isEqualTo(UploadField.UPLOAD_TO);
  }

  /** prefix, namespace (null: none), folder, expected key. */
  static Stream<Arguments> namespacedKeys() {
    return Stream.of(
        Arguments.of("media/", null, "uploads", "media/uploads/" + FILE_NAME),
        Arguments.of("media/", "shop", "uploads", "media/shop/uploads/" + FILE_NAME),
        Arguments.of("", "shop", "uploads", "shop/uploads/" + FILE_NAME),
        Arguments.of(
            "media/", "team-a", "/team-b/invoices/", "media/team-a/team-b/invoices/" + FILE_NAME),
        Arguments.of("media/", "a", "x", "media/a/x/" + FILE_NAME),
        Arguments.of("media/", "n".repeat(63), "x", "media/" + "n".repeat(63) + "/x/" + FILE_NAME));
  }

  @ParameterizedTest(name = "[{index}] {3}")
  @MethodSource("namespacedKeys")
  void putsTheNamespaceBetweenPrefixAndFolder(
      String prefix, String namespace, String uploadTo, String expected) {
    assertThat(keys.key(prefix, namespace, uploadTo, FILE_NAME)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", ".", "..", "Shop", "-shop", "shop-", "sh/op", "sh.op", "sh_op", "shöp", " shop"
      })
  void rejectsNamespacesThatAreNoKubernetesName(String namespace) {
    assertThatThrownBy(() -> keys.key("media/", namespace, "uploads", FILE_NAME))
        .isInstanceOfSatisfying(
            InvalidNameException.class,
            e -> {
              assertThat(e.field()).isEqualTo(UploadField.NAMESPACE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "must be a Kubernetes namespace name: 1 to 63 lowercase letters, digits and"
                          + " '-', starting and ending with a letter or digit");
            });
    assertThatThrownBy(() -> keys.key("media/", "n".repeat(64), "uploads", FILE_NAME))
        .isInstanceOf(InvalidNameException.class);
  }

  @Test
  void theLongestNamespacedKeyStaysUnderS3sLimit() {
    String key =
        keys.key(
            "p".repeat(255) + "/",
            "n".repeat(63),
            "u".repeat(256),
            "f".repeat(FileNameFactory.MAX_FILE_NAME_LENGTH));
    assertThat(key).hasSize(727);
  }
}
