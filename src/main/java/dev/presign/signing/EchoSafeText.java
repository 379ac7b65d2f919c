package dev.presign.signing;

/**
 * Request text as it may be echoed in an error, a condition or an Event, which people read in a
 * terminal: at most a given number of code points (never half a surrogate pair), each control
 * character (C0, DEL, C1), format character (bidi overrides, zero-width, BOM), line or paragraph
 * separator and unpaired surrogate shown as '?'. {@code \p{Cntrl}} alone covers only ASCII.
 */
public final class EchoSafeText {
  private EchoSafeText() {}

  public static String of(String value, int maxCodePoints) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < value.length(); ) {
      int codePoint = value.codePointAt(i);
      i += Character.charCount(codePoint);
      if (shown == maxCodePoints) {
        out.append('…');
        break;
      }
      int type = Character.getType(codePoint);
      boolean unsafe =
          Character.isISOControl(codePoint)
              || type == Character.FORMAT
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR
              || type == Character.SURROGATE;
      out.appendCodePoint(unsafe ? '?' : codePoint);
      shown++;
    }
    return out.toString();
  }
}
