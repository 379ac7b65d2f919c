package dev.presign.s3;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PresignedHead;
import dev.presign.signing.SigningCredentials;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * HeadObject as one presigned HEAD over the JDK's {@link HttpURLConnection}, without the AWS SDK
 * client: the SDK's request pipeline (endpoint rules, interceptors, attribute maps) cost about 0.4
 * ms of CPU per HEAD with the chart's C1-only JIT, and the reconciler asks HeadObject for every
 * pending upload again and again (a quarter of the operator's CPU under load). The URL is signed by
 * {@link ObjectUrlPresigner}, like download links, so addressing, key encoding and session tokens
 * follow the same rules.
 *
 * <p>Why not {@code java.net.http.HttpClient}: measured with the chart's JIT, it cost as much CPU
 * per HEAD as the SDK (its asynchronous machinery hands each exchange between threads), while this
 * blocking connection, on the calling thread, costs about a third (docs/performance.md, "HeadObject
 * without the SDK pipeline"). Connections are kept alive and reused by the JDK per host.
 *
 * <p>One attempt per call; connecting, and waiting for the answer, are each bounded by the S3
 * timeout. A failure is retried by the caller (the reconciler's next check, the HTTP client's
 * Retry-After); the JDK itself resends a HEAD once when a kept-alive connection turns out closed.
 * TLS trusts the JVM's default trust store, as the SDK's Apache client does, and proxies come from
 * the JVM's proxy system properties. Redirects are not followed (S3 answers 301 to a wrong region,
 * which is an error here, as it was with the SDK).
 *
 * <p>The signed URL is a credential for its minute: it never goes into a message.
 */
public final class HttpHeadObject {
  /** Long enough for one call with its timeouts; the URL is sent at once and then dropped. */
  static final Duration URL_LIFETIME = Duration.ofSeconds(60);

  private final ObjectUrlPresigner presigner;
  private final int timeoutMillis;

  /**
   * @param presigner signing with the real time (S3 compares it with its own clock)
   * @param timeout for connecting, and again for the answer
   */
  public HttpHeadObject(ObjectUrlPresigner presigner, Duration timeout) {
    this.presigner = presigner;
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }

  /**
   * @return the object, or empty when it does not exist (yet)
   * @throws ObjectStoreException when S3 cannot answer (unreachable, timeout, 403, 5xx)
   */
  public Optional<StoredObject> head(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket, String key) {
    PresignedHead signed = presigner.presignHead(endpoint, bucket, key, URL_LIFETIME, credentials);
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) signed.url().toURL().openConnection();
      connection.setRequestMethod("HEAD");
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      // A HEAD answer has no body: once read, the connection goes back to the keep-alive cache.
      return answer(connection.getResponseCode(), connection::getHeaderField, endpoint);
    } catch (IOException e) {
      if (connection != null) {
        connection.disconnect();
      }
      throw new ObjectStoreException(
          "cannot reach " + ObjectStore.where(endpoint) + ": " + describe(e));
    }
  }

  /**
   * What a HEAD's status and headers say, as the SDK read them.
   *
   * @param header the value of a response header by name (any case), or null
   */
  static Optional<StoredObject> answer(
      int status, UnaryOperator<String> header, BucketEndpoint endpoint) {
    if (status == 404) {
      return Optional.empty();
    }
    if (status < 200 || status > 299) {
      throw new ObjectStoreException(
          "HeadObject answered HTTP " + status + " at " + ObjectStore.where(endpoint));
    }
    long size = size(header.apply("Content-Length"));
    if (size < 0) {
      throw new ObjectStoreException(
          "HeadObject answered without a Content-Length at " + ObjectStore.where(endpoint));
    }
    String versionId = header.apply("x-amz-version-id");
    String lastModified = header.apply("Last-Modified");
    return Optional.of(
        new StoredObject(
            size,
            ObjectStore.stripQuotes(header.apply("ETag")),
            header.apply("Content-Type"),
            lastModified == null ? null : httpDate(lastModified),
            "null".equals(versionId) ? null : versionId));
  }

  /** The Content-Length, or -1 when there is none (or it is not a size). */
  private static long size(String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      return Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** An RFC 1123 date as S3 sends it; null when it is not one (the field is informative). */
  private static Instant httpDate(String value) {
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The first message in the cause chain, or the exception's name. A message that quotes the signed
   * query (some JDK messages quote the URL) is replaced by the name.
   */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank()) {
        if (message.toLowerCase(Locale.ROOT).contains("x-amz-")) {
          return t.getClass().getSimpleName();
        }
        return ObjectStore.firstLine(message);
      }
    }
    if (failure instanceof ConnectException) {
      return "connection failed (ConnectException)";
    }
    return failure.getClass().getSimpleName();
  }
}
