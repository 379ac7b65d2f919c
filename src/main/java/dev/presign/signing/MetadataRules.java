package dev.presign.signing;

import static dev.presign.fields.FieldLimits.MAX_METADATA_BYTES;
import static dev.presign.fields.FieldLimits.MAX_METADATA_ENTRIES;
import static dev.presign.fields.FieldLimits.MAX_METADATA_KEY_LENGTH;

import dev.presign.fields.FieldLimits;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * User metadata as S3 takes it ({@code x-amz-meta-*}), checked the same way before a request is
 * accepted and again before a form is signed: at most {@value FieldLimits#MAX_METADATA_ENTRIES}
 * entries; keys of ASCII letters, digits, '_' and '-' (S3 lowercases them, so two keys that differ
 * only in case are one); printable ASCII values; at most {@value FieldLimits#MAX_METADATA_BYTES}
 * bytes in all. The answer is the problem as a person reads it, without the field's name, which
 * each caller adds in its own vocabulary.
 */
public final class MetadataRules {
  private static final Pattern KEY = Pattern.compile(FieldLimits.METADATA_KEY_PATTERN);
  private static final int ECHOED_KEY_LENGTH = 64;

  private MetadataRules() {}

  /** The first thing wrong with {@code metadata}, or empty; null and empty maps are fine. */
  public static Optional<String> problem(Map<String, String> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return Optional.empty();
    }
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      return Optional.of("must have at most " + MAX_METADATA_ENTRIES + " entries");
    }
    Set<String> names = new HashSet<>();
    int bytes = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey() == null ? "" : entry.getKey();
      if (!KEY.matcher(key).matches()) {
        return Optional.of(
            "keys must be 1 to "
                + MAX_METADATA_KEY_LENGTH
                + " ASCII letters, digits, '_' and '-', starting with a letter or digit; got '"
                + EchoSafeText.of(key, ECHOED_KEY_LENGTH)
                + "'");
      }
      String name = name(key);
      if (!names.add(name)) {
        return Optional.of(
            "key '" + name + "' is given twice (S3 lowercases metadata keys); keep one");
      }
      String value = entry.getValue() == null ? "" : entry.getValue();
      if (!value.chars().allMatch(c -> c >= ' ' && c <= '~')) {
        return Optional.of("the value of '" + name + "' must be printable ASCII");
      }
      bytes += name.length() + value.length();
    }
    if (bytes > MAX_METADATA_BYTES) {
      return Optional.of(
          "keys and values together must be at most " + MAX_METADATA_BYTES + " bytes (S3's limit)");
    }
    return Optional.empty();
  }

  /** The key as S3 stores it (lowercase), without the {@code x-amz-meta-} prefix. */
  public static String name(String key) {
    return key.toLowerCase(Locale.ROOT);
  }
}
