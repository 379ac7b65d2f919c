package dev.presign.signing;

import dev.presign.fields.FieldLimits;
import dev.presign.fields.UploadField;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Presigned PUT (the upload fallback), GET (download links) and HEAD (the operator's own
 * HeadObject), signed by the AWS SDK's own SigV4 signer, configured exactly as the SDK's {@code
 * S3Presigner} configures it (query-string auth, unsigned payload, no double URL-encoding, no path
 * normalisation).
 *
 * <p>We call the signer rather than {@code S3Presigner} because the presigner reads the system
 * clock and cannot be given a {@link Clock}; ours is injected like everywhere else, so tests and
 * the published vectors can pin the time.
 */
public final class ObjectUrlPresigner {
  /** The header S3 checks a PUT body's SHA-256 against. */
  public static final String CHECKSUM_HEADER = "x-amz-checksum-sha256";

  private static final String META_PREFIX = "x-amz-meta-";
  private static final Pattern CHECKSUM = Pattern.compile(FieldLimits.CHECKSUM_SHA256_PATTERN);

  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  public ObjectUrlPresigner(Clock clock) {
    this.clock = clock;
  }

  /** A PUT of exactly {@code contentLength} bytes of {@code contentType} to {@code key}. */
  public PresignedPut presignPut(
      BucketEndpoint endpoint,
      String bucket,
      String key,
      String contentType,
      long contentLength,
      Duration expiresIn,
      SigningCredentials credentials) {
    return presignPut(
        endpoint,
        bucket,
        key,
        contentType,
        contentLength,
        expiresIn,
        credentials,
        false,
        null,
        null);
  }

  /**
   * As above; with {@code writeOnce} the URL also signs {@code If-None-Match: *}, so a store that
   * supports conditional writes (S3, S3Proxy) refuses a second PUT to the key with 412: a URL that
   * was used cannot replace the bytes it uploaded. Also signs user metadata ({@code
   * x-amz-meta-NAME} headers, names lowercased as S3 stores them) and a base64 SHA-256 of the body
   * ({@code x-amz-checksum-sha256}) when given. They become signed headers and are listed in {@link
   * PresignedPut#headers()}: an uploader that leaves one out, or sends another value, breaks the
   * signature, and S3 checks the bytes against the checksum. Without this a PUT would silently drop
   * what the request asked S3 to enforce.
   *
   * @param metadata null or empty for none; checked by {@link MetadataRules}
   * @param checksumSha256 null for none; the base64 of a 32-byte digest
   * @throws InvalidRequestException naming the metadata or checksum when it cannot be signed
   */
  public PresignedPut presignPut(
      BucketEndpoint endpoint,
      String bucket,
      String key,
      String contentType,
      long contentLength,
      Duration expiresIn,
      SigningCredentials credentials,
      boolean writeOnce,
      Map<String, String> metadata,
      String checksumSha256) {
    MetadataRules.problem(metadata)
        .ifPresent(
            problem -> {
              throw new InvalidRequestException(UploadField.METADATA, problem);
            });
    if (checksumSha256 != null && !CHECKSUM.matcher(checksumSha256).matches()) {
      throw new InvalidRequestException(
          UploadField.CHECKSUM_SHA256, "must be the base64 of a 32-byte SHA-256 digest");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = ExpiryPolicy.expiresAt(now, expiresIn, credentials.expiration());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("Content-Length", Long.toString(contentLength));
    if (writeOnce) {
      headers.put("If-None-Match", "*");
    }
    if (checksumSha256 != null) {
      headers.put(CHECKSUM_HEADER, checksumSha256);
    }
    if (metadata != null) {
      // Sorted so the same request always gives the same headers (and the same signature).
      new TreeMap<>(metadata)
          .forEach((name, value) -> headers.put(META_PREFIX + MetadataRules.name(name), value));
    }
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.PUT)
            .uri(URI.create(endpoint.objectUrl(bucket, key)));
    headers.forEach(request::putHeader);
    String url =
        sign(request.build(), endpoint, Duration.between(now, expiresAt), credentials, now);
    return new PresignedPut(url, headers, now, expiresAt);
  }

  /**
   * An UploadPart PUT of part {@code partNumber} of the multipart upload {@code uploadId} of {@code
   * key}, of exactly {@code contentLength} bytes: the part number and uploadId are signed query
   * parameters and Content-Length a signed header, so the URL cannot write another part, another
   * upload's part, or a part of another length. What the SDK's {@code
   * S3Presigner.presignUploadPart} signs, with the injected clock (see the class comment).
   *
   * @return the URL and when it stops working
   */
  public PresignedUploadPart presignUploadPart(
      BucketEndpoint endpoint,
      String bucket,
      String key,
      String uploadId,
      int partNumber,
      long contentLength,
      Duration expiresIn,
      SigningCredentials credentials) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = ExpiryPolicy.expiresAt(now, expiresIn, credentials.expiration());
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.PUT)
            .uri(URI.create(endpoint.objectUrl(bucket, key)))
            .putRawQueryParameter("partNumber", Integer.toString(partNumber))
            .putRawQueryParameter("uploadId", uploadId)
            .putHeader("Content-Length", Long.toString(contentLength))
            .build();
    String url = sign(request, endpoint, Duration.between(now, expiresAt), credentials, now);
    return new PresignedUploadPart(url, expiresAt);
  }

  /**
   * A GET of {@code key}; {@code responseContentType} and {@code responseContentDisposition} (each
   * may be null) make S3 answer with those headers, e.g. {@code attachment; filename="a.pdf"}.
   */
  public PresignedGet presignGet(
      BucketEndpoint endpoint,
      String bucket,
      String key,
      Duration expiresIn,
      String responseContentType,
      String responseContentDisposition,
      SigningCredentials credentials) {
    return presignGet(
        endpoint,
        bucket,
        key,
        null,
        expiresIn,
        responseContentType,
        responseContentDisposition,
        credentials);
  }

  /**
   * As above, for one version of the object when {@code versionId} is not null: a link for what was
   * confirmed, which later writes to the key cannot change.
   */
  public PresignedGet presignGet(
      BucketEndpoint endpoint,
      String bucket,
      String key,
      String versionId,
      Duration expiresIn,
      String responseContentType,
      String responseContentDisposition,
      SigningCredentials credentials) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = ExpiryPolicy.expiresAt(now, expiresIn, credentials.expiration());
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create(endpoint.objectUrl(bucket, key)));
    if (versionId != null) {
      request.putRawQueryParameter("versionId", versionId);
    }
    if (responseContentDisposition != null) {
      request.putRawQueryParameter("response-content-disposition", responseContentDisposition);
    }
    if (responseContentType != null) {
      request.putRawQueryParameter("response-content-type", responseContentType);
    }
    String url =
        sign(request.build(), endpoint, Duration.between(now, expiresAt), credentials, now);
    return new PresignedGet(url, expiresAt);
  }

  /**
   * A HEAD of {@code key}, for the operator's own HeadObject: the same URL, key encoding and signer
   * as {@link #presignGet}, so a HEAD needs none of the SDK client's request pipeline. {@code
   * expiresIn} should be short: the URL is sent at once.
   *
   * <p>Unlike the URLs handed out, it is not capped by, nor refused for, the expiry of temporary
   * credentials: it signs with whatever credentials it is given, as the SDK client did, and S3
   * decides (AWS answers 403 to an expired token; a store that checks no token answers).
   */
  public PresignedHead presignHead(
      BucketEndpoint endpoint,
      String bucket,
      String key,
      Duration expiresIn,
      SigningCredentials credentials) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = ExpiryPolicy.expiresAt(now, expiresIn, null);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.HEAD)
            .uri(URI.create(endpoint.objectUrl(bucket, key)))
            .build();
    String url = sign(request, endpoint, Duration.between(now, expiresAt), credentials, now);
    return new PresignedHead(URI.create(url), expiresAt);
  }

  private String sign(
      SdkHttpRequest request,
      BucketEndpoint endpoint,
      Duration lifetime,
      SigningCredentials credentials,
      Instant now) {
    SignedRequest signed =
        signer.sign(
            r ->
                r.request(request)
                    .identity(identity(credentials))
                    .putProperty(AwsV4HttpSigner.REGION_NAME, endpoint.region())
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(
                        AwsV4FamilyHttpSigner.AUTH_LOCATION,
                        AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, lifetime)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                    .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                    .putProperty(
                        HttpSigner.SIGNING_CLOCK, Clock.fixed(now, java.time.ZoneOffset.UTC)));
    return signed.request().getUri().toString();
  }

  private static AwsCredentialsIdentity identity(SigningCredentials credentials) {
    if (credentials.isTemporary()) {
      return AwsSessionCredentialsIdentity.create(
          credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
    }
    return AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey());
  }
}
