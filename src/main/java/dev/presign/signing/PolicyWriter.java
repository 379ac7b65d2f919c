package dev.presign.signing;

import java.util.Arrays;

/**
 * Writes the policy JSON straight into ASCII bytes, escaping everything outside printable ASCII as
 * {@code \\uXXXX}: the bytes that get base64-encoded and signed, with no String in between.
 */
final class PolicyWriter {
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static final ThreadLocal<PolicyWriter> PER_THREAD =
      ThreadLocal.withInitial(PolicyWriter::new);

  private byte[] buffer = new byte[1024];
  private int length;

  /**
   * This thread's writer, emptied: reusing its buffer saves allocating and zeroing one per policy.
   */
  static PolicyWriter forThisThread() {
    PolicyWriter writer = PER_THREAD.get();
    writer.length = 0;
    return writer;
  }

  PolicyWriter raw(String ascii) {
    int n = ascii.length();
    ensure(n);
    ascii.getBytes(0, n, buffer, length);
    length += n;
    return this;
  }

  PolicyWriter raw(char c) {
    ensure(1);
    buffer[length++] = (byte) c;
    return this;
  }

  /** A JSON string literal. */
  PolicyWriter string(String value) {
    raw('"');
    if (isPlain(value)) {
      // Nearly every value: a bulk copy of its Latin-1 bytes.
      raw(value);
      return raw('"');
    }
    int n = value.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        buffer[length++] = (byte) c;
      } else if (c == '"' || c == '\\') {
        ensure(2 + n - i);
        buffer[length++] = '\\';
        buffer[length++] = (byte) c;
      } else {
        ensure(6 + n - i);
        buffer[length++] = '\\';
        buffer[length++] = 'u';
        buffer[length++] = HEX[(c >> 12) & 0xf];
        buffer[length++] = HEX[(c >> 8) & 0xf];
        buffer[length++] = HEX[(c >> 4) & 0xf];
        buffer[length++] = HEX[c & 0xf];
      }
    }
    return raw('"');
  }

  /** {@code {"name":"value"}}: one exact-match condition. */
  PolicyWriter exact(String name, String value) {
    raw('{').string(name).raw(':').string(value);
    return raw('}');
  }

  private static boolean isPlain(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** The base64 of what was written, as a fresh array. */
  byte[] base64() {
    java.nio.ByteBuffer encoded =
        java.util.Base64.getEncoder().encode(java.nio.ByteBuffer.wrap(buffer, 0, length));
    return encoded.array();
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
