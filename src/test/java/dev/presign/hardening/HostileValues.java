package dev.presign.hardening;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generators of hostile JSON values for the upload API: traversal in every spelling, controls and
 * NUL, bidi overrides, unpaired surrogates, look-alikes, CR/LF for header injection, numbers at and
 * beyond every limit, and values of the wrong type. None of them contains the markers the checks
 * look for in answers ({@code Exception}, {@code java.}, a tab before {@code at }), so an echo of
 * the input can never pass for a stack trace.
 */
final class HostileValues {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Stands for invalid UTF-8 in generated text: {@link #invalidUtf8} swaps its encoding for bytes
   * no UTF-8 encoder produces (overlong '.', an encoded surrogate, a truncated sequence, 0xFF).
   */
  static final String INVALID_UTF8 = "\ue000";

  private static final byte[][] INVALID_SEQUENCES = {
    {(byte) 0xc0, (byte) 0xae},
    {(byte) 0xc0, (byte) 0xaf},
    {(byte) 0xe0, (byte) 0x80, (byte) 0xae},
    {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
    {(byte) 0xff},
    {(byte) 0xfe, (byte) 0xff},
    {(byte) 0xc3},
    {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
  };

  /** The UTF-8 of {@code text}, each {@link #INVALID_UTF8} replaced by an invalid sequence. */
  static byte[] invalidUtf8(String text, int seed) {
    byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(utf8.length);
    int n = seed;
    for (int i = 0; i < utf8.length; i++) {
      if (i + 2 < utf8.length
          && utf8[i] == (byte) 0xee
          && utf8[i + 1] == (byte) 0x80
          && utf8[i + 2] == (byte) 0x80) {
        out.writeBytes(INVALID_SEQUENCES[Math.floorMod(n++, INVALID_SEQUENCES.length)]);
        i += 2;
      } else {
        out.write(utf8[i]);
      }
    }
    return out.toByteArray();
  }

  static final String[] FRAGMENTS = {
    "../",
    "..\\",
    "..",
    ".",
    "/",
    "\\",
    "//",
    "/etc/passwd",
    "C:\\Windows\\",
    "\\\\server\\share\\",
    "%2e%2e%2f",
    "%2e%2e/",
    "..%2f",
    "%252e%252e%252f",
    "\u00c0\u00ae",
    "\uff0e\uff0e\uff0f",
    "\u2024\u2024/",
    "\u0000",
    "\u0001",
    "\u0007",
    "\u001b[31m",
    "\u007f",
    "\u0085",
    "\u009b",
    "\r",
    "\n",
    "\r\nX-Injected: yes",
    "\t",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\ud800",
    "\udfff",
    "\ud83d\ude00",
    "\u0639\u0631\u0628\u064a",
    "\u00e9",
    "e\u0301",
    "\ufb01",
    "\u0130",
    "\uffff",
    "\"",
    "'",
    "<script>",
    "${jndi:ldap://x/a}",
    "{{7*7}}",
    "*",
    "?",
    "#",
    ";",
    " ",
    "-",
    "_",
    "CON",
    "report",
    ".pdf",
    ".PDF",
    ".tar.gz",
    ".exe",
    ".p\u0000df",
    INVALID_UTF8,
  };

  private HostileValues() {}

  /** Text built from hostile fragments, with arbitrary Unicode and, now and then, 10,000 chars. */
  static Arbitrary<String> text() {
    Arbitrary<String> fragments =
        Arbitraries.of(FRAGMENTS).list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
    Arbitrary<String> anyChars = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(24);
    Arbitrary<String> controls =
        Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> long10k =
        Arbitraries.of("a", "../", "\u202e", ".", "-", "\u0000", "\u00e9", "ab/")
            .map(s -> s.repeat(10_000 / s.length()));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, fragments),
            net.jqwik.api.Tuple.of(3, anyChars),
            net.jqwik.api.Tuple.of(1, controls),
            net.jqwik.api.Tuple.of(1, long10k))
        .filter(HostileValues::isClean);
  }

  /** Whether a generated value is free of the markers the answer checks look for. */
  static boolean isClean(String value) {
    return !value.contains("Exception") && !value.contains("java.") && !value.contains("\tat ");
  }

  /** A JSON value literal that is not a string. */
  static Arbitrary<String> nonString() {
    return Arbitraries.of(
        "null",
        "true",
        "false",
        "0",
        "-0",
        "1",
        "-1",
        "1.5",
        "1e308",
        "-1e308",
        "1e-9",
        "9223372036854775808",
        "[]",
        "{}",
        "[\"a.pdf\"]",
        "{\"name\": \"a.pdf\"}",
        "[[[[[[[[[[]]]]]]]]]]",
        "[null]");
  }

  /**
   * A literal for {@code file_size} with whether the API must accept it (as far as the size goes).
   */
  record Literal(String json, boolean valid) {}

  static Arbitrary<Literal> fileSize() {
    List<Literal> literals = new ArrayList<>();
    for (String valid :
        new String[] {
          "1", "77000", "5368709120", "\"77000\"", "\" 12 \"", "\"+5\"", "\"0000000000000000001\"",
        }) {
      literals.add(new Literal(valid, true));
    }
    for (String invalid :
        new String[] {
          "0",
          "-0",
          "-1",
          "5368709121",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "18446744073709551616",
          "1" + "0".repeat(63),
          "1" + "0".repeat(200),
          "1e308",
          "1E3",
          "2.0E0",
          "1e-9",
          "0.5",
          "1.0",
          "-0.0",
          "NaN",
          "Infinity",
          "-Infinity",
          "0x10",
          "01",
          "+1",
          ".5",
          "\"NaN\"",
          "\"Infinity\"",
          "\"-Infinity\"",
          "\"-1\"",
          "\"0\"",
          "\"1e3\"",
          "\"1.0\"",
          "\"0x10\"",
          "\"\"",
          "\" \"",
          "\"12 34\"",
          "\"9223372036854775808\"",
          "\"99999999999999999999\"",
          "\"\u0661\u0662\u0663\"",
          "\"\uff11\uff12\"",
          "\"12\\u0000\"",
          "\"\\u00002\"",
          "true",
          "null",
          "[]",
          "[1]",
          "{}",
          "{\"value\": 1}",
        }) {
      literals.add(new Literal(invalid, false));
    }
    Arbitrary<Literal> valid = Arbitraries.of(literals.stream().filter(Literal::valid).toList());
    Arbitrary<Literal> invalid = Arbitraries.of(literals.stream().filter(l -> !l.valid()).toList());
    // Mostly valid, so that the rest of the body (names, folders, types) gets to the operator.
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, valid), net.jqwik.api.Tuple.of(1, invalid));
  }

  /** An {@code expires_in} literal, in range or not, of the right type or not. */
  static Arbitrary<String> expiresIn() {
    return Arbitraries.of(
        "1",
        "60",
        "604800",
        "\"3600\"",
        "0",
        "-1",
        "604801",
        "2147483648",
        "9223372036854775808",
        "1e3",
        "NaN",
        "\"NaN\"",
        "\"-1\"",
        "\"99999999\"",
        "null",
        "[]",
        "{}");
  }

  /**
   * The value of a string field: hostile text, often JSON-escaped, sometimes raw (invalid JSON).
   */
  static Arbitrary<String> stringLiteral(Arbitrary<String> text) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, text.map(HostileValues::quote)),
        net.jqwik.api.Tuple.of(1, text.map(HostileValues::rawQuote)),
        net.jqwik.api.Tuple.of(2, nonString()));
  }

  /** A metadata value: an object of hostile keys and values, or something that is not one. */
  static Arbitrary<String> metadata() {
    Arbitrary<String> entry =
        net.jqwik.api.Combinators.combine(
                Arbitraries.oneOf(
                    text(),
                    Arbitraries.of("a", "Content-Type", "x-amz-meta-a", "", "A", "k".repeat(200))),
                Arbitraries.oneOf(
                    text().map(HostileValues::quote),
                    nonString(),
                    Arbitraries.of("\"plain\"", "\"" + "v".repeat(3000) + "\"")))
            .as((k, v) -> quote(k) + ": " + v);
    Arbitrary<String> object =
        entry.list().ofMinSize(0).ofMaxSize(40).map(l -> "{" + String.join(", ", l) + "}");
    return Arbitraries.oneOf(object, nonString(), text().map(HostileValues::quote));
  }

  static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Quotes without escaping controls: JSON parsers must refuse it. */
  static String rawQuote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
