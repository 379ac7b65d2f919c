package dev.presign.s3;

import dev.presign.signing.BucketEndpoint;
import java.util.List;

/**
 * Asks a bucket the question a browser asks before an upload: an unauthenticated CORS preflight
 * (OPTIONS with Origin and Access-Control-Request-*). It works on every store, also those that keep
 * CORS outside the S3 API (S3Proxy's s3proxy.cors-* properties, MinIO's global setting), and needs
 * no permission, so it is how the operator checks CORS it cannot read as rules.
 */
public interface CorsPreflight {

  /** What the bucket answered; {@code error} is set instead when it could not be asked. */
  record Answer(
      int status,
      String allowOrigin,
      String allowMethods,
      String allowHeaders,
      String exposeHeaders,
      String error) {

    public static Answer unreachable(String error) {
      return new Answer(0, null, null, null, null, error);
    }

    public boolean reached() {
      return error == null;
    }
  }

  Answer ask(
      BucketEndpoint endpoint, String bucket, String origin, String method, List<String> headers);
}
