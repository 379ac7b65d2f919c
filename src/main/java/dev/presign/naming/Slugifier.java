package dev.presign.naming;

import java.text.Normalizer;
import java.util.Objects;

/**
 * Django's {@code django.utils.text.slugify(value, allow_unicode=False)}, character for character.
 *
 * <p>The seed application names uploads with Django's slugify, and existing keys and frontends
 * expect its exact output, so this does not "improve" on it: NFKD-normalize, drop whatever is not
 * ASCII, lowercase, delete everything but {@code [A-Za-z0-9_]}, whitespace and {@code -}, collapse
 * runs of whitespace and {@code -} into one {@code -}, and strip {@code -} and {@code _} from both
 * ends. "Whitespace" is what Python's {@code re} module calls {@code \s} for ASCII characters in a
 * {@code str} pattern: space, tab, LF, VT, FF, CR and the information separators U+001C–U+001F.
 *
 * <p>The output always matches {@code [a-z0-9_-]*}, never starts or ends with {@code -} or {@code
 * _}, never contains {@code --}, and may be empty.
 */
public final class Slugifier {

  /** Returns the Django slug of {@code value}; never {@code null}, possibly empty. */
  public String slugify(String value) {
    Objects.requireNonNull(value, "value");
    String decomposed = Normalizer.normalize(value, Normalizer.Form.NFKD);
    StringBuilder slug = new StringBuilder(Math.min(decomposed.length(), 1024));
    boolean pendingSeparator = false;
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (isWordCharacter(c)) {
        if (pendingSeparator) {
          slug.append('-');
          pendingSeparator = false;
        }
        slug.append(toLowerAscii(c));
      } else if (c == '-' || isPythonAsciiWhitespace(c)) {
        pendingSeparator = true;
      }
      // Anything else (non-ASCII after NFKD, ASCII punctuation and other controls) is deleted
      // without separating words, exactly as Django's "[^\w\s-]" substitution does.
    }
    // A separator before the first word or after the last one would be stripped by Django's
    // strip("-_"); what is left to strip is a run of underscores at either end.
    return stripUnderscores(slug);
  }

  private static boolean isWordCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean isPythonAsciiWhitespace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001C' && c <= '\u001F');
  }

  private static char toLowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
  }

  private static String stripUnderscores(StringBuilder slug) {
    int start = 0;
    int end = slug.length();
    while (start < end && isStrippable(slug.charAt(start))) {
      start++;
    }
    while (end > start && isStrippable(slug.charAt(end - 1))) {
      end--;
    }
    return slug.substring(start, end);
  }

  private static boolean isStrippable(char c) {
    return c == '-' || c == '_';
  }
}
