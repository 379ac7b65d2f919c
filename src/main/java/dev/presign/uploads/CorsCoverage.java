package dev.presign.uploads;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.CORSRule;

/**
 * What a bucket's CORS rules let a browser do, judged as S3 does it: a preflight (OPTIONS) is
 * answered by the first rule that matches its origin, method and every requested header; the real
 * request by the first rule that matches its origin and method, whose ExposeHeaders decide which
 * response headers the page may read. An AllowedOrigin or AllowedHeader may hold one '*'; headers
 * compare without regard to case, origins exactly.
 */
public final class CorsCoverage {

  /** The response header an uploader must be able to read. */
  static final String ETAG = "ETag";

  /** One kind of upload a browser makes: a method and the headers it sends. */
  public record Upload(String method, List<String> headers) {
    public Upload {
      headers = List.copyOf(headers);
    }
  }

  /**
   * What is missing for {@code origin} to make {@code uploads}, in words ("may not PUT", "header
   * If-None-Match is not allowed for PUT", "ETag is not exposed for PUT"); empty when nothing is.
   */
  public List<String> missing(List<CORSRule> rules, String origin, List<Upload> uploads) {
    List<String> missing = new ArrayList<>();
    for (Upload upload : uploads) {
      Optional<CORSRule> actual = first(rules, origin, upload.method(), List.of());
      if (actual.isEmpty()) {
        missing.add("may not " + upload.method());
        continue;
      }
      if (!upload.headers().isEmpty()
          && first(rules, origin, upload.method(), upload.headers()).isEmpty()) {
        List<String> refused = new ArrayList<>();
        for (String header : upload.headers()) {
          if (first(rules, origin, upload.method(), List.of(header)).isEmpty()) {
            refused.add(header);
          }
        }
        missing.add(
            (refused.isEmpty()
                    ? "headers " + String.join(", ", upload.headers()) + " together"
                    : (refused.size() == 1 ? "header " : "headers ") + String.join(", ", refused))
                + " not allowed for "
                + upload.method());
      }
      if (!exposes(actual.get(), ETAG)) {
        missing.add(ETAG + " not exposed for " + upload.method());
      }
    }
    return missing;
  }

  /**
   * The origins the rules let make every one of {@code uploads} (origin patterns such as '*' or
   * 'https://*.example.com' as written), in the rules' order.
   */
  public List<String> originsAllowed(List<CORSRule> rules, List<Upload> uploads) {
    Set<String> candidates = new LinkedHashSet<>();
    rules.forEach(r -> candidates.addAll(r.allowedOrigins()));
    List<String> allowed = new ArrayList<>();
    for (String origin : candidates) {
      // A pattern stands for the origins it matches; judge it by itself, which it matches too.
      if (missing(rules, origin, uploads).isEmpty()) {
        allowed.add(origin);
      }
    }
    return allowed;
  }

  private static Optional<CORSRule> first(
      List<CORSRule> rules, String origin, String method, List<String> headers) {
    return rules.stream()
        .filter(r -> r.allowedOrigins().stream().anyMatch(o -> wildcard(o, origin, false)))
        .filter(r -> r.allowedMethods().stream().anyMatch(method::equalsIgnoreCase))
        .filter(
            r ->
                headers.stream()
                    .allMatch(h -> r.allowedHeaders().stream().anyMatch(a -> wildcard(a, h, true))))
        .findFirst();
  }

  private static boolean exposes(CORSRule rule, String header) {
    return rule.exposeHeaders().stream().anyMatch(h -> h.trim().equalsIgnoreCase(header));
  }

  /** S3's match of a rule value with at most one '*' against a request value. */
  static boolean wildcard(String pattern, String value, boolean ignoreCase) {
    String p = ignoreCase ? pattern.trim().toLowerCase(Locale.ROOT) : pattern.trim();
    String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    int star = p.indexOf('*');
    if (star < 0) {
      return p.equals(v);
    }
    String head = p.substring(0, star);
    String tail = p.substring(star + 1);
    return v.length() >= head.length() + tail.length() && v.startsWith(head) && v.endsWith(tail);
  }
}
