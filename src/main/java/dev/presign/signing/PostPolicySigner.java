package dev.presign.signing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import javax.crypto.Mac;

/**
 * Signs S3 browser-upload forms with an AWS Signature Version 4 POST policy.
 *
 * <p>The AWS SDK for Java v2 has no presigned POST, so this is ours. The policy admits nothing more
 * than was asked for: every form field except {@code policy}, {@code x-amz-signature} and {@code
 * file} is pinned by an exact-match condition (S3 rejects fields a policy does not mention), the
 * key is exact (never {@code starts-with}), and {@code content-length-range} is the declared size
 * on both ends.
 */
public final class PostPolicySigner {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final String SERVICE = "s3";

  private final Clock clock;
  private final SigningKeyCache signingKeys;
  // Benign races: each holder is immutable, a lost update only costs one more format.
  private volatile SigningTime lastSigningTime;
  private volatile Expiration lastExpiration;
  private volatile CredentialScope lastCredentialScope;

  public PostPolicySigner(Clock clock, SigningKeyCache signingKeys) {
    this.clock = clock;
    this.signingKeys = signingKeys;
  }

  public PresignedPost sign(
      PostPolicyRequest request, SigningCredentials credentials, BucketEndpoint endpoint) {
    Instant now = clock.instant();
    Instant expiresAt = ExpiryPolicy.expiresAt(now, request.expiresIn(), credentials.expiration());
    SigningTime time = signingTime(now.getEpochSecond());
    String credential =
        credentialScope(credentials.accessKeyId(), time.scopeDate, endpoint.region());

    FormFields fields = formFields(request, credentials, credential, time.amzDate);
    byte[] policy = encodedPolicy(request, fields, expirationOf(expiresAt));
    Mac mac =
        signingKeys.signingMac(
            credentials.secretAccessKey(), time.scopeDate, endpoint.region(), SERVICE);
    String signature = Hex.encode(mac.doFinal(policy));

    fields.add("policy", new String(policy, StandardCharsets.ISO_8859_1));
    fields.add("x-amz-signature", signature);
    return PresignedPost.owning(
        endpoint.bucketUrl(request.bucket()), fields, time.instant, expiresAt);
  }

  /** The timestamps of the current second, formatted once per second rather than per signature. */
  private SigningTime signingTime(long epochSecond) {
    SigningTime cached = lastSigningTime;
    if (cached == null || cached.epochSecond != epochSecond) {
      Instant instant = Instant.ofEpochSecond(epochSecond);
      String amzDate = AmzDates.amzDate(instant);
      cached = new SigningTime(epochSecond, instant, amzDate, amzDate.substring(0, 8));
      lastSigningTime = cached;
    }
    return cached;
  }

  private String expirationOf(Instant expiresAt) {
    Expiration cached = lastExpiration;
    if (cached == null || !cached.instant.equals(expiresAt)) {
      cached = new Expiration(expiresAt, AmzDates.iso8601(expiresAt));
      lastExpiration = cached;
    }
    return cached.formatted;
  }

  /**
   * {@code AKID/20130524/us-east-1/s3/aws4_request}, rebuilt only when one of its parts changes.
   */
  private String credentialScope(String accessKeyId, String scopeDate, String region) {
    CredentialScope cached = lastCredentialScope;
    if (cached == null
        || !cached.accessKeyId.equals(accessKeyId)
        || !cached.scopeDate.equals(scopeDate)
        || !cached.region.equals(region)) {
      String value = accessKeyId + "/" + scopeDate + "/" + region + "/" + SERVICE + "/aws4_request";
      cached = new CredentialScope(accessKeyId, scopeDate, region, value);
      lastCredentialScope = cached;
    }
    return cached.value;
  }

  private record CredentialScope(
      String accessKeyId, String scopeDate, String region, String value) {}

  private record SigningTime(long epochSecond, Instant instant, String amzDate, String scopeDate) {}

  private record Expiration(Instant instant, String formatted) {}

  /** The signature of an already base64-encoded policy: what the published vectors pin down. */
  public String signatureOf(String base64Policy, String secret, String scopeDate, String region) {
    Mac mac = signingKeys.signingMac(secret, scopeDate, region, SERVICE);
    return Hex.encode(mac.doFinal(base64Policy.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Form fields in the order boto3 returns them, so seed frontends see what they expect. */
  private static FormFields formFields(
      PostPolicyRequest request,
      SigningCredentials credentials,
      String credential,
      String amzDate) {
    // key, Content-Type, success_action_status, 2 checksum, algorithm, credential, date, token,
    // policy, signature: 11, plus one per metadata entry.
    FormFields fields = new FormFields(11 + request.metadata().size());
    fields.add("key", request.key());
    fields.add("Content-Type", request.contentType());
    if (request.successActionStatus() != null) {
      fields.add("success_action_status", request.successActionStatus().toString());
    }
    for (Map.Entry<String, String> meta : request.metadata().entrySet()) {
      fields.add("x-amz-meta-" + meta.getKey(), meta.getValue());
    }
    if (request.checksumSha256() != null) {
      fields.add("x-amz-checksum-algorithm", "SHA256");
      fields.add("x-amz-checksum-sha256", request.checksumSha256());
    }
    fields.add("x-amz-algorithm", ALGORITHM);
    fields.add("x-amz-credential", credential);
    fields.add("x-amz-date", amzDate);
    if (credentials.isTemporary()) {
      fields.add("x-amz-security-token", credentials.sessionToken());
    }
    return fields;
  }

  /** base64 of the policy JSON: the bucket, the size range and one exact condition per field. */
  private static byte[] encodedPolicy(
      PostPolicyRequest request, FormFields fields, String expiration) {
    PolicyWriter json = PolicyWriter.forThisThread();
    json.raw("{\"expiration\":\"").raw(expiration).raw("\",\"conditions\":[");
    json.exact("bucket", request.bucket());
    String size = Long.toString(request.fileSize());
    json.raw(",[\"content-length-range\",").raw(size).raw(',').raw(size).raw(']');
    for (int i = 0; i < fields.size(); i++) {
      json.raw(',').exact(fields.nameAt(i), fields.valueAt(i));
    }
    json.raw("]}");
    return json.base64();
  }
}
