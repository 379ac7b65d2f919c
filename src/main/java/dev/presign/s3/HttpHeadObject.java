package dev.presign.s3;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.CredentialsExpiredException;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PresignedHead;
import dev.presign.signing.SigningCredentials;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * HeadObject as one presigned HEAD sent with the JDK's HTTP client, without the AWS SDK client: the
 * SDK's request pipeline (endpoint rules, interceptors, attribute maps) cost about 0.5 ms of CPU
 * per HEAD, and the reconciler asks HeadObject for every pending upload again and again (a quarter
 * of the operator's CPU under load). The URL is signed by {@link ObjectUrlPresigner}, like download
 * links, so addressing, key encoding and session tokens follow the same rules.
 *
 * <p>One attempt per call, bounded by the S3 timeout (connecting, and waiting for the answer): a
 * failure is retried by the caller (the reconciler's backoff, the HTTP client's Retry-After). The
 * JDK client itself resends a HEAD once when a pooled keep-alive connection turns out closed. TLS
 * trusts the JVM's default trust store, as the SDK's Apache client does, and proxies come from the
 * JVM's proxy system properties.
 *
 * <p>The signed URL is a credential for its minute: it never goes into a message.
 */
public final class HttpHeadObject {
  /** Long enough for one call with its timeout; the URL is sent at once and then dropped. */
  static final Duration URL_LIFETIME = Duration.ofSeconds(60);

  private final ObjectUrlPresigner presigner;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param presigner signing with the real time (S3 compares it with its own clock)
   * @param timeout for connecting, and again for the answer
   */
  public HttpHeadObject(ObjectUrlPresigner presigner, Duration timeout) {
    this.presigner = presigner;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * @return the object, or empty when it does not exist (yet)
   * @throws ObjectStoreException when S3 cannot answer (unreachable, timeout, 403, 5xx)
   */
  public Optional<StoredObject> head(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket, String key) {
    PresignedHead signed;
    try {
      signed = presigner.presignHead(endpoint, bucket, key, URL_LIFETIME, credentials);
    } catch (CredentialsExpiredException e) {
      throw new ObjectStoreException(
          "cannot ask " + ObjectStore.where(endpoint) + ": " + e.getMessage());
    }
    HttpRequest request =
        HttpRequest.newBuilder(signed.url())
            .timeout(timeout)
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new ObjectStoreException(
          "cannot reach " + ObjectStore.where(endpoint) + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ObjectStoreException(
          "cannot reach " + ObjectStore.where(endpoint) + ": interrupted");
    }
    return answer(response.statusCode(), response.headers(), endpoint);
  }

  /** What a HEAD's status and headers say, as the SDK read them. */
  static Optional<StoredObject> answer(int status, HttpHeaders headers, BucketEndpoint endpoint) {
    if (status == 404) {
      return Optional.empty();
    }
    if (status < 200 || status > 299) {
      throw new ObjectStoreException(
          "HeadObject answered HTTP " + status + " at " + ObjectStore.where(endpoint));
    }
    OptionalLong size = headers.firstValueAsLong("Content-Length");
    if (size.isEmpty()) {
      throw new ObjectStoreException(
          "HeadObject answered without a Content-Length at " + ObjectStore.where(endpoint));
    }
    String versionId = headers.firstValue("x-amz-version-id").orElse(null);
    return Optional.of(
        new StoredObject(
            size.getAsLong(),
            ObjectStore.stripQuotes(headers.firstValue("ETag").orElse(null)),
            headers.firstValue("Content-Type").orElse(null),
            headers.firstValue("Last-Modified").map(HttpHeadObject::httpDate).orElse(null),
            "null".equals(versionId) ? null : versionId));
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
   * The first message in the cause chain, or the exception's name: the JDK client's refused
   * connection is a ConnectException without any message. A message that quotes the signed query is
   * replaced by the name.
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
