package dev.presign.uploads;

import dev.presign.s3.CorsPreflight;
import dev.presign.signing.BucketEndpoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a bucket's answers to CORS preflights let a browser do, for stores whose CORS rules cannot
 * be read (no GetBucketCors, or no permission). A preflight shows whether the origin, method and
 * headers are allowed; whether ETag is exposed it shows only where the store sends
 * Access-Control-Expose-Headers with the preflight (S3Proxy does; S3 answers it on the upload
 * itself), so that part may stay unknown.
 */
public final class PreflightCoverage {

  /** The verdict for one origin. */
  public record Result(
      List<String> missing, boolean exposureUnknown, Optional<String> unreachable) {}

  private final CorsPreflight preflight;

  public PreflightCoverage(CorsPreflight preflight) {
    this.preflight = preflight;
  }

  public Result check(
      BucketEndpoint endpoint, String bucket, String origin, List<CorsCoverage.Upload> uploads) {
    List<String> missing = new ArrayList<>();
    boolean exposureUnknown = false;
    for (CorsCoverage.Upload upload : uploads) {
      CorsPreflight.Answer answer =
          preflight.ask(endpoint, bucket, origin, upload.method(), upload.headers());
      if (!answer.reached()) {
        return new Result(List.of(), false, Optional.of(answer.error()));
      }
      String method = upload.method();
      if (answer.status() < 200 || answer.status() > 299) {
        missing.add("preflight for " + method + " answered HTTP " + answer.status());
        continue;
      }
      if (!origin.equals(answer.allowOrigin()) && !"*".equals(answer.allowOrigin())) {
        missing.add("preflight for " + method + " did not allow the origin");
        continue;
      }
      if (answer.allowMethods() != null && !listed(answer.allowMethods(), method)) {
        missing.add("preflight did not allow " + method);
      }
      List<String> refused =
          upload.headers().stream()
              .filter(h -> answer.allowHeaders() == null || !listed(answer.allowHeaders(), h))
              .toList();
      if (!refused.isEmpty()) {
        missing.add(
            (refused.size() == 1 ? "header " : "headers ")
                + String.join(", ", refused)
                + " not allowed for "
                + method);
      }
      if (answer.exposeHeaders() == null) {
        exposureUnknown = true;
      } else if (!listed(answer.exposeHeaders(), CorsCoverage.ETAG)) {
        missing.add(CorsCoverage.ETAG + " not exposed for " + method);
      }
    }
    return new Result(missing, exposureUnknown, Optional.empty());
  }

  private static boolean listed(String headerValue, String wanted) {
    return Arrays.stream(headerValue.split(","))
        .map(v -> v.trim().toLowerCase(Locale.ROOT))
        .anyMatch(v -> v.equals("*") || v.equals(wanted.toLowerCase(Locale.ROOT)));
  }
}
