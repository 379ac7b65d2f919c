package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Whatever the original name, the key stays under its prefix and has the seed's shape. */
class ObjectKeyPropertiesTest {

  private static final Pattern FILE_NAME =
      Pattern.compile("([0-9a-f]{32})-([a-z0-9_-]{1,100})(?:\\.([a-z0-9]{1,16}))?");

  private final FileNameFactory fileNames = new FileNameFactory();
  private final ObjectKeyFactory keys = new ObjectKeyFactory();

  @Provide
  Arbitrary<String> hostileNames() {
    return HostileNames.names();
  }

  @Provide
  Arbitrary<UUID> ids() {
    return Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()));
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.of("", "media/", "tenant-1/media/", "a.b/c_d/", "p".repeat(255) + "/");
  }

  @Provide
  Arbitrary<String> uploadFolders() {
    return Arbitraries.of("uploads", "/uploads/", "a/b/c", "...", "u".repeat(256));
  }

  @Provide
  Arbitrary<String> safeExtensions() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withCharRange('A', 'Z')
        .numeric()
        .ofMinLength(1)
        .ofMaxLength(16);
  }

  @Property(tries = 1000)
  void anyStringGivesASafeKey(
      @ForAll @StringLength(max = 12_000) String original,
      @ForAll("ids") UUID id,
      @ForAll("prefixes") String prefix,
      @ForAll("uploadFolders") String uploadTo) {
    assertSafeKey(original, id, prefix, uploadTo);
  }

  @Property(tries = 1000)
  void hostileNamesGiveASafeKey(
      @ForAll("hostileNames") String original,
      @ForAll("ids") UUID id,
      @ForAll("prefixes") String prefix,
      @ForAll("uploadFolders") String uploadTo) {
    assertSafeKey(original, id, prefix, uploadTo);
  }

  @Property(tries = 1000)
  void keepsASafeExtensionLowercased(
      @ForAll("hostileNames") String stem,
      @ForAll("safeExtensions") String extension,
      @ForAll("ids") UUID id) {
    // "a" guarantees the base name has a non-dot character before the extension's dot.
    UploadFileName name = fileNames.create(stem + "a." + extension, id);

    assertThat(name.extension()).isEqualTo(extension.toLowerCase(Locale.ROOT));
    assertThat(name.fileName()).endsWith("." + extension.toLowerCase(Locale.ROOT));
  }

  @Property(tries = 500)
  void dropsExtensionsLongerThanSixteen(
      @ForAll("hostileNames") String stem,
      @ForAll @StringLength(min = 17, max = 40) @net.jqwik.api.constraints.AlphaChars
          String extension,
      @ForAll("ids") UUID id) {
    UploadFileName name = fileNames.create(stem + "a." + extension, id);

    assertThat(name.extension()).isEmpty();
    assertThat(name.fileName()).doesNotContain(".");
  }

  @Property(tries = 1000)
  void namesWithoutADotHaveNoExtension(
      @ForAll("hostileNames") String original, @ForAll("ids") UUID id) {
    String withoutDots = original.replace(".", "");

    UploadFileName name = fileNames.create(withoutDots, id);

    assertThat(name.extension()).isEmpty();
    assertThat(name.fileName()).doesNotContain(".");
  }

  private void assertSafeKey(String original, UUID id, String prefix, String uploadTo) {
    UploadFileName name = fileNames.create(original, id);
    String key = keys.key(prefix, uploadTo, name.fileName());

    String folder = uploadTo.replaceAll("^/+|/+$", "");
    assertThat(key).isEqualTo(prefix + folder + "/" + name.fileName());
    assertThat(key.split("/", -1)).doesNotContain("", ".", "..");
    assertThat(key).doesNotContain("//", "\\");
    assertThat(name.fileName()).doesNotContain("..", "/");
    assertThat(key.chars()).allMatch(c -> c > 0x20 && c < 0x7f);
    assertThat(strictUtf8(key)).hasSizeLessThanOrEqualTo(1024);

    Matcher fileName = FILE_NAME.matcher(name.fileName());
    assertThat(fileName.matches()).as("file name %s", name.fileName()).isTrue();
    assertThat(fileName.group(1)).isEqualTo(id.toString().replace("-", ""));
    assertThat(fileName.group(2))
        .isEqualTo(name.slug())
        .doesNotStartWith("-")
        .doesNotStartWith("_")
        .doesNotEndWith("-")
        .doesNotEndWith("_");
    assertThat(fileName.group(3) == null ? "" : fileName.group(3)).isEqualTo(name.extension());
  }

  private static byte[] strictUtf8(String key) {
    try {
      ByteBuffer bytes =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(key));
      byte[] encoded = Arrays.copyOf(bytes.array(), bytes.limit());
      String decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(encoded))
              .toString();
      assertThat(decoded).isEqualTo(key);
      return encoded;
    } catch (CharacterCodingException e) {
      throw new AssertionError("key is not valid UTF-8: " + key, e);
    }
  }
}
