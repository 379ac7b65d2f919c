package dev.presign.naming;

import java.util.Objects;

/**
 * Removes invisible and control characters from a user-supplied file name before it is parsed.
 *
 * <p>They must go before the base name and extension are found: a right-to-left override makes
 * {@code evil} + U+202E + {@code gpj.exe} look like {@code evilexe.jpg}, a NUL truncates names in C
 * code, and a line break lets a name forge log lines. Removed: every code point of Unicode category
 * Cc (C0, DEL, C1, including NUL), Cf (bidi embeddings, overrides and isolates {@code
 * U+202A}–{@code U+202E}, {@code U+2066}–{@code U+2069}, marks {@code U+200E}/{@code U+200F},
 * zero-width characters, BOM), Zl and Zp ({@code U+2028}, {@code U+2029}) and unpaired surrogates.
 *
 * <p>One exception keeps the result seed-compatible: the ASCII controls that Django's slugify
 * treats as whitespace (tab, LF, VT, FF, CR and the separators U+001C–U+001F) become a space
 * instead of vanishing, so {@code "my\tcv.pdf"} still slugs to {@code my-cv} as in the seed. Every
 * other removed character is one that slugify would delete anyway, so filtering never changes the
 * slug of a name; it only changes where the name's last separator and dot are.
 */
public final class ControlCharacterFilter {

  /** Returns {@code value} without control characters; whitespace controls become spaces. */
  public String clean(String value) {
    Objects.requireNonNull(value, "value");
    StringBuilder clean = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      int codePoint = value.codePointAt(i);
      i += Character.charCount(codePoint);
      if (isSlugWhitespaceControl(codePoint)) {
        clean.append(' ');
      } else if (!isRemoved(codePoint)) {
        clean.appendCodePoint(codePoint);
      }
    }
    return clean.toString();
  }

  private static boolean isSlugWhitespaceControl(int codePoint) {
    return (codePoint >= '\t' && codePoint <= '\r')
        || (codePoint >= '\u001C' && codePoint <= '\u001F');
  }

  private static boolean isRemoved(int codePoint) {
    switch (Character.getType(codePoint)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SURROGATE: // codePointAt yields a surrogate only when it is unpaired
        return true;
      default:
        return false;
    }
  }
}
