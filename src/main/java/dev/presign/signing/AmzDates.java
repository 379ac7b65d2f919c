package dev.presign.signing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The two UTC timestamp shapes SigV4 uses, formatted by hand: {@code DateTimeFormatter} costs a
 * noticeable share of a signature on the hot path.
 */
final class AmzDates {
  private AmzDates() {}

  /** {@code 20130524T000000Z}. */
  static String amzDate(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(16);
    appendDate(out, t);
    out.append('T');
    pad2(out, t.getHour());
    pad2(out, t.getMinute());
    pad2(out, t.getSecond());
    return out.append('Z').toString();
  }

  /** {@code 20130524}, the credential scope's date. */
  static String scopeDate(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(8);
    appendDate(out, t);
    return out.toString();
  }

  /** {@code 2013-05-24T01:00:00Z}, the policy's expiration (whole seconds, as boto3 writes it). */
  static String iso8601(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(20);
    pad4(out, t.getYear());
    out.append('-');
    pad2(out, t.getMonthValue());
    out.append('-');
    pad2(out, t.getDayOfMonth());
    out.append('T');
    pad2(out, t.getHour());
    out.append(':');
    pad2(out, t.getMinute());
    out.append(':');
    pad2(out, t.getSecond());
    return out.append('Z').toString();
  }

  private static void appendDate(StringBuilder out, LocalDateTime t) {
    pad4(out, t.getYear());
    pad2(out, t.getMonthValue());
    pad2(out, t.getDayOfMonth());
  }

  private static void pad2(StringBuilder out, int value) {
    out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  private static void pad4(StringBuilder out, int value) {
    if (value < 1000 || value > 9999) {
      throw new IllegalArgumentException("year out of range for SigV4: " + value);
    }
    out.append(value);
  }
}
