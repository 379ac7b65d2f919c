package dev.presign.signing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
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

  public PostPolicySigner(Clock clock, SigningKeyCache signingKeys) {
    this.clock = clock;
    this.signingKeys = signingKeys;
  }

  public PresignedPost sign(
      PostPolicyRequest request, SigningCredentials credentials, BucketEndpoint endpoint) {
    Instant now = clock.instant();
    Instant expiresAt = ExpiryPolicy.expiresAt(now, request.expiresIn(), credentials.expiry());
    String amzDate = AmzDates.amzDate(now);
    String scopeDate = amzDate.substring(0, 8);
    String credential =
        credentials.accessKeyId()
            + "/"
            + scopeDate
            + "/"
            + endpoint.region()
            + "/"
            + SERVICE
            + "/aws4_request";

    Map<String, String> fields = formFields(request, credentials, credential, amzDate);
    String policy = encodedPolicy(request, fields, expiresAt);
    Mac mac =
        signingKeys.signingMac(
            credentials.secretAccessKey(), scopeDate, endpoint.region(), SERVICE);
    String signature = Hex.encode(mac.doFinal(policy.getBytes(StandardCharsets.US_ASCII)));

    fields.put("policy", policy);
    fields.put("x-amz-signature", signature);
    return new PresignedPost(
        endpoint.bucketUrl(request.bucket()),
        fields,
        now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        expiresAt);
  }

  /** The signature of an already base64-encoded policy: what the published vectors pin down. */
  public String signatureOf(String base64Policy, String secret, String scopeDate, String region) {
    Mac mac = signingKeys.signingMac(secret, scopeDate, region, SERVICE);
    return Hex.encode(mac.doFinal(base64Policy.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Form fields in the order boto3 returns them, so seed frontends see what they expect. */
  private static Map<String, String> formFields(
      PostPolicyRequest request,
      SigningCredentials credentials,
      String credential,
      String amzDate) {
    Map<String, String> fields = new LinkedHashMap<>(16);
    fields.put("key", request.key());
    fields.put("Content-Type", request.contentType());
    if (request.successActionStatus() != null) {
      fields.put("success_action_status", request.successActionStatus().toString());
    }
    for (Map.Entry<String, String> meta : request.metadata().entrySet()) {
      fields.put("x-amz-meta-" + meta.getKey(), meta.getValue());
    }
    if (request.checksumSha256() != null) {
      fields.put("x-amz-checksum-algorithm", "SHA256");
      fields.put("x-amz-checksum-sha256", request.checksumSha256());
    }
    fields.put("x-amz-algorithm", ALGORITHM);
    fields.put("x-amz-credential", credential);
    fields.put("x-amz-date", amzDate);
    if (credentials.isTemporary()) {
      fields.put("x-amz-security-token", credentials.sessionToken());
    }
    return fields;
  }

  /** base64 of the policy JSON: the bucket, the size range and one exact condition per field. */
  private static String encodedPolicy(
      PostPolicyRequest request, Map<String, String> fields, Instant expiresAt) {
    StringBuilder json = new StringBuilder(512);
    json.append("{\"expiration\":\"")
        .append(AmzDates.iso8601(expiresAt))
        .append("\",\"conditions\":[");
    appendExact(json, "bucket", request.bucket());
    json.append(",[\"content-length-range\",")
        .append(request.fileSize())
        .append(',')
        .append(request.fileSize())
        .append(']');
    for (Map.Entry<String, String> field : fields.entrySet()) {
      json.append(',');
      appendExact(json, field.getKey(), field.getValue());
    }
    json.append("]}");
    byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
    return Base64.getEncoder().encodeToString(utf8);
  }

  private static void appendExact(StringBuilder json, String name, String value) {
    json.append('{');
    JsonStrings.append(json, name);
    json.append(':');
    JsonStrings.append(json, value);
    json.append('}');
  }
}
