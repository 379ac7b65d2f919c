package dev.presign.naming;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of file names that try to escape a key prefix or confuse a reader: traversal
 * fragments, both separators, dots, controls and NUL, bidi overrides, right-to-left scripts, emoji,
 * look-alike separators, unpaired surrogates and very long runs.
 */
final class HostileNames {

  private static final String[] FRAGMENTS = {
    "../",
    "..\\",
    "/",
    "\\",
    ".",
    "..",
    "...",
    "./",
    "//",
    "\u0000",
    "\u0007",
    "\u001b",
    "\u007f",
    "\u0085",
    "\u009b",
    "\n",
    "\r\n",
    "\t",
    "\u000b",
    "\u001c",
    "\u202e",
    "\u202a",
    "\u2066",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\ud83d\ude00",
    "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67",
    "\u0639\u0631\u0628\u064a",
    "\u05e2\u05d1\u05e8\u05d9\u05ea",
    "\u00dcn\u00efc\u00f6d\u00e9",
    "\u0131",
    "\u0130",
    "\uff50\uff44\uff46",
    "\uff0e",
    "\uff0f",
    "\uff3c",
    "\u2024",
    "\u2025",
    "%2e%2e%2f",
    " ",
    "\u00a0",
    "-",
    "_",
    "PDF",
    "pdf",
    "tar",
    "gz",
    "exe",
    "\ufb01",
    "\ud800",
    "\udfff",
    "CON",
    "\u0301",
    "\u1680",
    "\u3000",
    "\u0444\u043e\u0442\u043e",
  };

  /** Endings that look like extensions, safe or not, so the extension rules get exercised. */
  private static final String[] SUFFIXES = {
    "", "", "", ".pdf", ".PDF", ".tar.gz", ".\u0444\u043e\u0442\u043e", ".\uff50\uff44\uff46",
    ".abcdefghijklmnopq", ".abcdefghijklmnop", ".", "..", "/", "\\", ".JPeG\n", "\u202egpj.exe",
    ".p\u0000df", ". pdf", ".pdf ", ".p/df", ".\ud83d\ude00",
  };

  private HostileNames() {}

  /** Any string, weighted towards hostile fragments, up to about 12,000 characters. */
  static Arbitrary<String> names() {
    Arbitrary<String> fragment =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of(FRAGMENTS)),
            Tuple.of(2, Arbitraries.strings().all().ofMaxLength(8)),
            Tuple.of(2, Arbitraries.strings().alpha().numeric().ofMaxLength(20)));
    Arbitrary<String> composed = fragment.list().ofMaxSize(40).map(parts -> String.join("", parts));
    Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMaxLength(200);
    Arbitrary<String> veryLong = Arbitraries.strings().all().ofMinLength(9_000).ofMaxLength(12_000);
    Arbitrary<String> body =
        Arbitraries.frequencyOf(
            Tuple.of(6, composed), Tuple.of(3, anyUnicode), Tuple.of(1, veryLong));
    return Combinators.combine(body, Arbitraries.of(SUFFIXES)).as((name, suffix) -> name + suffix);
  }
}
