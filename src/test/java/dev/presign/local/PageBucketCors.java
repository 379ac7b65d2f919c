package dev.presign.local;

import java.util.List;
import java.util.regex.Pattern;
import org.gaul.s3proxy.CrossOriginResourceSharing;

/**
 * Local mode's bucket CORS: what a real bucket configured by the docs answers, so the demo page and
 * Uppy meet in local mode what they will meet in production. Only the page's origin is allowed (a
 * bucket open to every origin would hide a missing rule), and {@code ETag} and {@code Location} are
 * exposed: without {@code ETag} a browser cannot read a part's ETag and Uppy's multipart upload
 * hangs at 100%.
 */
final class PageBucketCors {
  /** Uploads are POST (a signed form) or PUT (a presigned part or object); downloads are GET. */
  static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "POST");

  static final List<String> EXPOSED_HEADERS = List.of("ETag", "Location");

  private PageBucketCors() {}

  /**
   * @param pageOrigins the origins the page is served from, such as {@code http://127.0.0.1:8081}
   */
  static CrossOriginResourceSharing allowing(List<String> pageOrigins) {
    // S3Proxy reads each allowed origin as a regular expression: quote it, so the dots of
    // 127.0.0.1 match only dots.
    List<String> patterns = pageOrigins.stream().map(Pattern::quote).toList();
    // Any request header, as the docs' rules allow: the form and part uploads send none a rule
    // must name, and checksum headers vary by client.
    return new CrossOriginResourceSharing(patterns, METHODS, List.of("*"), EXPOSED_HEADERS, "");
  }
}
