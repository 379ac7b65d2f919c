package dev.presign.uploads;

import dev.presign.api.v1alpha1.BucketCors;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks spec.cors the way the CRD schema does, for objects the API server did not check (stored
 * before the schema had the field, or a test double of the API server), and says what is wrong in
 * words rather than as a regular expression.
 */
public final class CorsOriginRules {
  private static final Pattern ORIGIN = Pattern.compile(BucketCors.ORIGIN_PATTERN);
  private static final Pattern PORT = Pattern.compile(":([0-9]{1,5})$");

  /** The first problem of {@code cors}, naming the field, or empty when it is valid. */
  public Optional<String> problem(BucketCors cors) {
    List<String> origins = cors.getAllowedOrigins();
    if (origins == null || origins.isEmpty()) {
      return Optional.of(
          "spec.cors.allowedOrigins: list at least one origin, e.g."
              + " 'https://app.example.com', or '*' for any");
    }
    if (origins.size() > BucketCors.MAX_ORIGINS) {
      return Optional.of(
          "spec.cors.allowedOrigins: at most "
              + BucketCors.MAX_ORIGINS
              + " origins, not "
              + origins.size());
    }
    for (int i = 0; i < origins.size(); i++) {
      Optional<String> problem = originProblem(origins.get(i));
      if (problem.isPresent()) {
        return Optional.of("spec.cors.allowedOrigins[" + i + "]: " + problem.get());
      }
    }
    Integer maxAge = cors.getMaxAgeSeconds();
    if (maxAge != null && (maxAge < 0 || maxAge > BucketCors.MAX_MAX_AGE_SECONDS)) {
      return Optional.of(
          "spec.cors.maxAgeSeconds: must be 0-"
              + BucketCors.MAX_MAX_AGE_SECONDS
              + ", not "
              + maxAge);
    }
    return Optional.empty();
  }

  private static Optional<String> originProblem(String origin) {
    String allowed =
        " (allowed: '*' or scheme://host[:port] in lowercase, without path or trailing '/', e.g."
            + " 'https://app.example.com' or 'http://localhost:3000')";
    if (origin == null || origin.isEmpty()) {
      return Optional.of("is empty" + allowed);
    }
    if (origin.length() > BucketCors.MAX_ORIGIN_LENGTH) {
      return Optional.of("is longer than " + BucketCors.MAX_ORIGIN_LENGTH + " characters");
    }
    // The value is echoed only when it is printable ASCII of a sane length (it is not a secret,
    // but a status message is no place for control characters).
    String shown = origin.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? "'" + origin + "' " : "";
    if (!ORIGIN.matcher(origin).matches()) {
      String hint =
          origin.endsWith("/")
              ? "has a trailing '/'"
              : !origin.equals(origin.toLowerCase(java.util.Locale.ROOT))
                  ? "has uppercase letters (browsers send origins in lowercase)"
                  : origin.indexOf("://") < 0
                      ? "has no scheme"
                      : origin.indexOf('/', origin.indexOf("://") + 3) >= 0
                          ? "has a path"
                          : "is not an origin";
      return Optional.of(shown + hint + allowed);
    }
    var port = PORT.matcher(origin);
    if (!origin.equals("*") && port.find() && Integer.parseInt(port.group(1)) > 65535) {
      return Optional.of(shown + "has a port above 65535");
    }
    return Optional.empty();
  }
}
