package dev.presign.signing;

import dev.presign.fields.UploadField;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a bucket lives: AWS (no endpoint) or an S3-compatible store (MinIO, Ceph, R2, S3Proxy) at
 * an explicit endpoint, and how the bucket is addressed in URLs.
 *
 * <p>Rules, following boto3 so existing frontends see the URLs they expect:
 *
 * <ul>
 *   <li>AWS, virtual-hosted: {@code https://{bucket}.s3.{region}.amazonaws.com/} ({@code
 *       https://{bucket}.s3.amazonaws.com/} in us-east-1).
 *   <li>AWS, path style, or a bucket name that is not a valid DNS label (dots break the TLS
 *       wildcard certificate): {@code https://s3.{region}.amazonaws.com/{bucket}/}.
 *   <li>Custom endpoint: path style {@code {endpoint}/{bucket}/} unless virtual is asked for.
 * </ul>
 */
public final class BucketEndpoint {
  private static final Pattern DNS_COMPATIBLE_BUCKET =
      Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
  private static final int MAX_SHOWN_CODE_POINTS = 200;

  private final String region;
  private final URI endpoint;
  private final AddressingStyle style;
  private volatile BucketUrl lastBucketUrl;

  private BucketEndpoint(String region, URI endpoint, AddressingStyle style) {
    this.region = Objects.requireNonNull(region, "region");
    if (!REGION.matcher(region).matches()) {
      throw new InvalidRequestException(
          UploadField.REGION,
          "region must be lowercase letters, digits and '-' (like us-east-1), not '"
              + region
              + "'");
    }
    this.endpoint = endpoint;
    this.style = style;
  }

  /** AWS S3 in {@code region}; {@code style} null means virtual-hosted. */
  public static BucketEndpoint aws(String region, AddressingStyle style) {
    return new BucketEndpoint(region, null, style == null ? AddressingStyle.VIRTUAL : style);
  }

  /** An S3-compatible store; {@code style} null means path style. */
  public static BucketEndpoint custom(String region, URI endpoint, AddressingStyle style) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (endpoint.getRawUserInfo() != null || hasUserinfo(endpoint.toString())) {
      throw userinfoRefused();
    }
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
      throw new InvalidRequestException(
          UploadField.ENDPOINT,
          "endpoint must be an http:// or https:// URL with a host"
              + shown(", not ", endpoint.toString()));
    }
    if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
      throw new InvalidRequestException(
          UploadField.ENDPOINT,
          "endpoint must not have a query or fragment" + shown(": ", endpoint.toString()));
    }
    return new BucketEndpoint(region, endpoint, style == null ? AddressingStyle.PATH : style);
  }

  /**
   * Chooses {@link #aws} or {@link #custom} from an optional endpoint string.
   *
   * @throws InvalidRequestException naming {@link UploadField#REGION} or {@link
   *     UploadField#ENDPOINT} when one is not usable
   */
  public static BucketEndpoint of(String region, String endpoint, AddressingStyle style) {
    if (endpoint == null || endpoint.isBlank()) {
      return aws(region, style);
    }
    String trimmed = endpoint.trim();
    // Before parsing: the parser's own error would quote the whole string, password and all.
    if (hasUserinfo(trimmed)) {
      throw userinfoRefused();
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(
          UploadField.ENDPOINT,
          trimmed.indexOf('@') < 0 ? e.getMessage() : e.getReason() + " at index " + e.getIndex());
    }
    return custom(region, uri, style);
  }

  /**
   * Whether a user name or password comes before the host ({@code https://user:pass@host}), or
   * could: an '@' before the first '/', '?' or '#' after the scheme, or anywhere in a string that
   * has no {@code ://}. Such an endpoint is refused: the endpoint is echoed into signed form URLs,
   * status, Events and {@code kubectl get} columns, and S3 never takes credentials that way.
   */
  private static boolean hasUserinfo(String endpoint) {
    int scheme = endpoint.indexOf("://");
    if (scheme < 0) {
      return endpoint.indexOf('@') >= 0;
    }
    int start = scheme + 3;
    int end = start;
    while (end < endpoint.length() && "/?#".indexOf(endpoint.charAt(end)) < 0) {
      end++;
    }
    return endpoint.substring(start, end).indexOf('@') >= 0;
  }

  private static InvalidRequestException userinfoRefused() {
    return new InvalidRequestException(
        UploadField.ENDPOINT,
        "endpoint must not contain a user name or password (user:password@host): it is shown in"
            + " upload URLs, status and Events; give the store's credentials in spec.credentials"
            + " (a Secret) and the endpoint as http(s)://host[:port][/path]");
  }

  /** The endpoint quoted for an error, unless it has an '@' (it might hold a password). */
  private static String shown(String lead, String endpoint) {
    return endpoint.indexOf('@') >= 0
        ? ""
        : lead + "'" + EchoSafeText.of(endpoint, MAX_SHOWN_CODE_POINTS) + "'";
  }

  public String region() {
    return region;
  }

  public boolean isAws() {
    return endpoint == null;
  }

  /** The custom endpoint, or null for AWS. */
  public URI endpoint() {
    return endpoint;
  }

  public AddressingStyle style() {
    return style;
  }

  /** The URL a browser POSTs the form to; always ends with {@code /}. */
  public String bucketUrl(String bucket) {
    BucketUrl cached = lastBucketUrl;
    if (cached != null && cached.bucket.equals(bucket)) {
      return cached.url;
    }
    String url = computeBucketUrl(bucket);
    lastBucketUrl = new BucketUrl(bucket, url);
    return url;
  }

  /**
   * Most endpoints serve one bucket: remember the last URL instead of concatenating per signature.
   */
  private record BucketUrl(String bucket, String url) {}

  private String computeBucketUrl(String bucket) {
    if (endpoint == null) {
      String host =
          region.equals("us-east-1") ? "s3.amazonaws.com" : "s3." + region + ".amazonaws.com";
      if (usesVirtualHost(bucket)) {
        return "https://" + bucket + "." + host + "/";
      }
      return "https://" + host + "/" + bucket + "/";
    }
    String base = trimTrailingSlash(endpoint.toString());
    if (style == AddressingStyle.VIRTUAL && isDnsLabel(bucket)) {
      String authority = bucket + "." + endpoint.getRawAuthority();
      String path = trimTrailingSlash(endpoint.getRawPath() == null ? "" : endpoint.getRawPath());
      return endpoint.getScheme() + "://" + authority + path + "/";
    }
    return base + "/" + bucket + "/";
  }

  /** The URL of one object, its key percent-encoded per SigV4 (slashes kept). */
  public String objectUrl(String bucket, String key) {
    return bucketUrl(bucket) + UriEncoder.encodePath(key);
  }

  private boolean usesVirtualHost(String bucket) {
    return style == AddressingStyle.VIRTUAL && isDnsLabel(bucket);
  }

  /**
   * Whether the bucket can be a single DNS label (3–63 of a-z, 0-9, '-', not starting or ending
   * with '-'). Dotted names would break the TLS wildcard certificate. Hand-written: this runs for
   * every signature.
   */
  private static boolean isDnsLabel(String bucket) {
    int length = bucket.length();
    if (length < 3 || length > 63 || bucket.charAt(0) == '-' || bucket.charAt(length - 1) == '-') {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = bucket.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static String trimTrailingSlash(String value) {
    String result = value;
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  @Override
  public String toString() {
    return "BucketEndpoint[region="
        + region
        + ", endpoint="
        + (endpoint == null ? "aws" : endpoint)
        + ", style="
        + style
        + "]";
  }
}
