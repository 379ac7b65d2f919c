package dev.presign.naming;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Objects;

/**
 * The {@code Content-Disposition} value a download link makes S3 answer with, so a browser saves
 * the file under the name its uploader gave it, though the object key is an ASCII slug: {@code
 * attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded} (RFC 6266 with the RFC
 * 8187, formerly 5987, extended parameter; browsers prefer {@code filename*} when both are there).
 *
 * <p>The name is a tenant's input, and it ends up in a response header and on a user's disk, so:
 * only the base name counts (after the last {@code /} or {@code \}); control and invisible
 * characters go ({@link ControlCharacterFilter}: a right-to-left override would show {@code evil} +
 * U+202E + {@code gpj.exe} as {@code evilexe.jpg}); the name is cut to {@value #MAX_NAME_BYTES}
 * UTF-8 bytes (what file systems take), keeping its extension and never splitting a character. The
 * fallback is the name folded to printable ASCII without {@code "}, {@code \} and {@code %}
 * (browsers differ on escapes and on percent-decoding there), so it never needs escaping. A name
 * with nothing left (or only dots) becomes {@value #DEFAULT_NAME}, and a fallback with nothing but
 * its extension left ({@code 報告 📄.PDF}) becomes {@value #DEFAULT_NAME} with that extension.
 */
public final class ContentDisposition {

  /** Whether a browser should save the file or may show it. */
  public enum Type {
    ATTACHMENT("attachment"),
    INLINE("inline");

    private final String token;

    Type(String token) {
      this.token = token;
    }

    public String token() {
      return token;
    }
  }

  /** Longest file name offered, in UTF-8 bytes: the limit of common file systems. */
  public static final int MAX_NAME_BYTES = 255;

  /** The name offered when the uploader's name has nothing usable left. */
  public static final String DEFAULT_NAME = "download";

  private static final int MAX_EXTENSION_LENGTH = 16;
  private static final String ATTR_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final ControlCharacterFilter controls;

  public ContentDisposition(ControlCharacterFilter controls) {
    this.controls = controls;
  }

  /** The header value for a file the uploader called {@code originalFileName} (any string). */
  public String header(Type type, String originalFileName) {
    Objects.requireNonNull(type, "type");
    String name = fileName(originalFileName == null ? "" : originalFileName);
    if (name.chars().allMatch(c -> c == '.' || c == ' ')) {
      name = DEFAULT_NAME;
    }
    return type.token()
        + "; filename=\""
        + asciiFallback(name)
        + "\"; filename*=UTF-8''"
        + percentEncode(name);
  }

  /** The base name, without controls, trimmed, at most {@value #MAX_NAME_BYTES} UTF-8 bytes. */
  String fileName(String original) {
    String clean = controls.clean(original);
    int slash = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\'));
    String base = clean.substring(slash + 1).strip();
    return truncate(base);
  }

  private static String truncate(String name) {
    if (utf8Length(name) <= MAX_NAME_BYTES) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String extension =
        dot > 0 && name.length() - dot - 1 <= MAX_EXTENSION_LENGTH ? name.substring(dot) : "";
    String stem = extension.isEmpty() ? name : name.substring(0, dot);
    int budget = MAX_NAME_BYTES - utf8Length(extension);
    StringBuilder kept = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < stem.length(); ) {
      int codePoint = stem.codePointAt(i);
      int size = utf8Length(new String(Character.toChars(codePoint)));
      if (bytes + size > budget) {
        break;
      }
      kept.appendCodePoint(codePoint);
      bytes += size;
      i += Character.charCount(codePoint);
    }
    return kept.toString().strip() + extension;
  }

  private static String asciiFallback(String name) {
    String folded = Normalizer.normalize(name, Normalizer.Form.NFKD);
    StringBuilder ascii = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (c < ' ' || c > '~') {
        continue; // combining marks left by NFKD, and everything else that is not ASCII
      }
      ascii.append(c == '"' || c == '\\' || c == '%' ? '_' : c);
    }
    String result = ascii.toString().strip().replaceAll(" {2,}", " ");
    int dot = result.lastIndexOf('.');
    String stem = dot < 0 ? result : result.substring(0, dot);
    if (stem.chars().noneMatch(Character::isLetterOrDigit)) {
      // "報告 📄.PDF" keeps nothing but ".PDF": offer a plain name with the extension instead.
      String extension = dot < 0 ? "" : result.substring(dot);
      return extension.chars().anyMatch(Character::isLetterOrDigit)
          ? DEFAULT_NAME + extension
          : DEFAULT_NAME;
    }
    return result;
  }

  private static String percentEncode(String name) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && ATTR_CHARS.indexOf(c) >= 0) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return encoded.toString();
  }

  private static int utf8Length(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }
}
