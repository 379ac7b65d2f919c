package dev.presign.signing;

import java.nio.charset.StandardCharsets;

/** SigV4 URI encoding: unreserved characters stay, everything else is %XX of its UTF-8 bytes. */
final class UriEncoder {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UriEncoder() {}

  /** Encodes an object key for a URL path; {@code /} separates segments and stays. */
  static String encodePath(String key) {
    StringBuilder out = new StringBuilder(key.length() + 16);
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isUnreserved(c) || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '~';
  }
}
