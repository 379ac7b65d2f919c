package dev.presign.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A file of random bytes made for one run (never committed), with its SHA-256, so what S3 ends up
 * holding can be compared with what was sent.
 */
final class GeneratedFile {
  private static final int CHUNK = 1 << 20;

  private final Path path;
  private final long size;
  private final byte[] sha256;

  private GeneratedFile(Path path, long size, byte[] sha256) {
    this.path = path;
    this.size = size;
    this.sha256 = sha256;
  }

  /** Writes {@code size} random bytes (a fixed seed: the same run makes the same file) to path. */
  static GeneratedFile write(Path path, long size, long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[CHUNK];
    ByteBuffer longs = ByteBuffer.wrap(chunk);
    try (OutputStream out = Files.newOutputStream(path)) {
      for (long written = 0; written < size; written += CHUNK) {
        longs.clear();
        while (longs.remaining() >= Long.BYTES) {
          longs.putLong(random.nextLong());
        }
        int n = (int) Math.min(CHUNK, size - written);
        digest.update(chunk, 0, n);
        out.write(chunk, 0, n);
      }
    }
    return new GeneratedFile(path, size, digest.digest());
  }

  long size() {
    return size;
  }

  String fileName() {
    return path.getFileName().toString();
  }

  /** Reads {@code length} bytes from {@code offset} into the start of {@code into}. */
  void read(long offset, byte[] into, int length) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.wrap(into, 0, length);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, offset + buffer.position()) < 0) {
          throw new IOException(path + " ends before byte " + (offset + buffer.position()));
        }
      }
    }
  }

  /** True when {@code stream} holds exactly this file's bytes (by SHA-256 and length). */
  boolean sameBytes(InputStream stream) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[CHUNK];
    long total = 0;
    for (int n; (n = stream.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
      total += n;
    }
    return total == size && Arrays.equals(digest.digest(), sha256);
  }

  String sha256Hex() {
    return HexFormat.of().formatHex(sha256);
  }
}
