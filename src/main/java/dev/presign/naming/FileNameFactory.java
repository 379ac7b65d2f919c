package dev.presign.naming;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns any user-supplied original file name into a safe, seed-compatible upload file name.
 *
 * <p>The seed builds {@code {uuid4().hex}-{slugify(base)}.{extension}} and crashes on names without
 * an extension; this accepts every string and guarantees the result matches {@code
 * [0-9a-f]{32}-[a-z0-9_-]{1,100}(\.[a-z0-9]{1,16})?}: ASCII, at most 150 characters, at most one
 * dot and never {@code ..}, so it cannot leave the key prefix it is appended to. The rules, in
 * order:
 *
 * <ol>
 *   <li>Control and invisible characters are removed ({@link ControlCharacterFilter}).
 *   <li>The base name is the text after the last {@code /} or {@code \}, with surrounding
 *       whitespace trimmed. Only these ASCII characters separate; look-alikes such as {@code
 *       U+FF0F} are folded away by slugify later.
 *   <li>The extension candidate is the text after the last {@code .} of the base name, when the
 *       text before that dot has a character other than {@code .} (as Python's {@code
 *       os.path.splitext}: {@code .bashrc} and {@code ..pdf} have none). It is NFKD-normalized,
 *       stripped of non-ASCII, lowercased, and kept only if it then matches {@code [a-z0-9]{1,16}}.
 *   <li>The slug is Django's slugify of the base name without the kept extension, or of the whole
 *       base name when no extension was kept (so {@code report.final draft} keeps its words). It is
 *       cut to 100 characters, trailing {@code -} and {@code _} are stripped again, and an empty
 *       slug becomes {@code file}.
 * </ol>
 */
public final class FileNameFactory {

  /** Longest slug kept; with the 32-character id and a 16-character extension, 150 in all. */
  public static final int MAX_SLUG_LENGTH = 100;

  /** Longest extension kept; longer "extensions" are part of the name, not a file type. */
  public static final int MAX_EXTENSION_LENGTH = 16;

  /** Longest file name this factory can produce. */
  public static final int MAX_FILE_NAME_LENGTH =
      32 + 1 + MAX_SLUG_LENGTH + 1 + MAX_EXTENSION_LENGTH;

  /** Slug used when nothing of the original name survives slugify. */
  public static final String EMPTY_SLUG_REPLACEMENT = "file";

  private static final Pattern SAFE_EXTENSION =
      Pattern.compile("[a-z0-9]{1," + MAX_EXTENSION_LENGTH + "}");

  private final Slugifier slugifier;
  private final ControlCharacterFilter controlCharacterFilter;

  /** Creates a factory with Django's slugify and the standard control character filter. */
  public FileNameFactory() {
    this(new Slugifier(), new ControlCharacterFilter());
  }

  /** Creates a factory from its collaborators. */
  public FileNameFactory(Slugifier slugifier, ControlCharacterFilter controlCharacterFilter) {
    this.slugifier = Objects.requireNonNull(slugifier, "slugifier");
    this.controlCharacterFilter =
        Objects.requireNonNull(controlCharacterFilter, "controlCharacterFilter");
  }

  /**
   * Builds the upload file name for {@code originalFileName} (any string, even empty) and {@code
   * id} (the upload's id, whose dashless hex makes the name unique).
   */
  public UploadFileName create(String originalFileName, UUID id) {
    Objects.requireNonNull(originalFileName, "originalFileName");
    Objects.requireNonNull(id, "id");
    String baseName = baseName(controlCharacterFilter.clean(originalFileName));

    String extension = "";
    String slugSource = baseName;
    int dot = baseName.lastIndexOf('.');
    if (dot >= 0 && hasNonDot(baseName, dot)) {
      String candidate = foldToLowerAscii(baseName.substring(dot + 1));
      if (SAFE_EXTENSION.matcher(candidate).matches()) {
        extension = candidate;
        slugSource = baseName.substring(0, dot);
      }
    }

    String slug = truncate(slugifier.slugify(slugSource));
    String hex = id.toString().replace("-", "");
    String fileName = extension.isEmpty() ? hex + "-" + slug : hex + "-" + slug + "." + extension;
    return new UploadFileName(fileName, slug, extension);
  }

  private static String baseName(String name) {
    int separator = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return name.substring(separator + 1).strip();
  }

  private static boolean hasNonDot(String text, int end) {
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) != '.') {
        return true;
      }
    }
    return false;
  }

  private static String foldToLowerAscii(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    StringBuilder ascii = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (c < 0x80) {
        ascii.append(c);
      }
    }
    return ascii.toString().toLowerCase(Locale.ROOT);
  }

  private static String truncate(String slug) {
    if (slug.isEmpty()) {
      return EMPTY_SLUG_REPLACEMENT;
    }
    if (slug.length() <= MAX_SLUG_LENGTH) {
      return slug;
    }
    int end = MAX_SLUG_LENGTH;
    while (slug.charAt(end - 1) == '-' || slug.charAt(end - 1) == '_') {
      end--; // stops at the latest at index 0, which slugify never leaves as '-' or '_'
    }
    return slug.substring(0, end);
  }
}
