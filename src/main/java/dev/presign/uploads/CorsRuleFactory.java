package dev.presign.uploads;

import dev.presign.api.v1alpha1.BucketCors;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CORSRule;

/**
 * The CORS rule the operator keeps on a bucket for one UploadClass with spec.cors.
 *
 * <ul>
 *   <li>Methods POST (signed forms) and PUT (presigned PUT URLs and multipart parts); nothing else:
 *       downloads are navigations to presigned URLs, which need no CORS.
 *   <li>Headers: the ones a browser sends with what the operator signs. A POST form is a
 *       multipart/form-data body, a CORS "simple request" with no header to allow. A presigned PUT
 *       signs Content-Type, If-None-Match (class putIfNoneMatch), x-amz-checksum-sha256 and
 *       x-amz-meta-* headers, and multipart part uploads may carry Content-MD5 or an
 *       x-amz-checksum-* header: {@code x-amz-*} covers every x-amz header the forms carry (S3
 *       allows one '*' in an allowed header). Content-Length is set by the browser itself and is
 *       never preflighted.
 *   <li>Exposes ETag (Uppy reads each part's ETag and hangs at 100% without it) and Location.
 * </ul>
 */
public final class CorsRuleFactory {

  /** The methods of the operator's rule. */
  public static final List<String> METHODS = List.of("POST", "PUT");

  /** The request headers of the operator's rule. */
  public static final List<String> HEADERS =
      List.of("Content-Type", "Content-MD5", "If-None-Match", "x-amz-*");

  /** The response headers the operator's rule exposes to the page's JavaScript. */
  public static final List<String> EXPOSED = List.of("ETag", "Location");

  public CORSRule ruleFor(OwnedRuleId id, BucketCors cors) {
    return CORSRule.builder()
        .id(id.value())
        .allowedOrigins(List.copyOf(cors.getAllowedOrigins()))
        .allowedMethods(METHODS)
        .allowedHeaders(HEADERS)
        .exposeHeaders(EXPOSED)
        .maxAgeSeconds(cors.effectiveMaxAgeSeconds())
        .build();
  }
}
