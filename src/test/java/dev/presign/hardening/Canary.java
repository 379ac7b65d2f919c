package dev.presign.hardening;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A made-up secret with a recognisable shape, and every spelling in which a leak of it could show
 * up: as is, URL-encoded (either case of hex), JSON-escaped, and base64 (standard and URL-safe) at
 * each of the three byte alignments it can have inside a longer encoded text.
 */
record Canary(String name, String value) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** {@code prefix} + random letters and digits, with '/', '+' and '=' as real keys have. */
  static Canary of(String name, String prefix, int randomLength) {
    StringBuilder value = new StringBuilder(prefix);
    for (int i = 0; i < randomLength; i++) {
      value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      if (i == randomLength / 3) {
        value.append('/');
      } else if (i == 2 * randomLength / 3) {
        value.append('+');
      }
    }
    return new Canary(name, value.append('=').toString());
  }

  List<String> spellings() {
    List<String> all = new ArrayList<>();
    all.add(value);
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    all.add(encoded);
    all.add(lowerHexEscapes(encoded));
    all.add(value.replace("/", "\\/"));
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int offset = 0; offset < 3; offset++) {
      byte[] shifted = new byte[offset + bytes.length];
      System.arraycopy(bytes, 0, shifted, offset, bytes.length);
      String base64 = Base64.getEncoder().encodeToString(shifted);
      // Drop the first and last 4 characters: they mix in bytes around the secret.
      String middle = base64.substring(4, base64.length() - 4);
      all.add(middle);
      all.add(middle.replace('+', '-').replace('/', '_'));
    }
    return all;
  }

  /** The first spelling of this canary found in {@code text}, or null. */
  String foundIn(String text) {
    if (text == null) {
      return null;
    }
    for (String spelling : spellings()) {
      if (text.contains(spelling)) {
        return spelling;
      }
    }
    return null;
  }

  private static String lowerHexEscapes(String encoded) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        out.append('%').append(encoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return name;
  }
}
