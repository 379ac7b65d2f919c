package dev.presign.s3;

import dev.presign.signing.SigningCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Reads S3 credentials from a Kubernetes Secret with the keys {@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY} and optionally {@code AWS_SESSION_TOKEN} and {@code
 * AWS_CREDENTIAL_EXPIRATION} (the names the AWS CLI uses; {@code aws configure export-credentials
 * --format env} prints all four). The expiration, an ISO-8601 time, caps how long a form signed
 * with the token may live. Errors name the Secret and the key, never a value.
 */
public final class SecretCredentialsLoader {
  public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
  public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
  public static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
  public static final String EXPIRATION = "AWS_CREDENTIAL_EXPIRATION";

  private final BiFunction<String, String, Secret> secretLookup;

  /**
   * @param secretLookup (namespace, name) → the Secret or null; usually an informer cache
   */
  public SecretCredentialsLoader(BiFunction<String, String, Secret> secretLookup) {
    this.secretLookup = secretLookup;
  }

  public ResolvedCredentials load(String namespace, String name) {
    String where = namespace + "/" + name;
    Secret secret = secretLookup.apply(namespace, name);
    if (secret == null) {
      throw new CredentialsException(
          "CredentialsNotFound",
          "Secret "
              + where
              + " does not exist or is not readable by the operator; create it with keys "
              + ACCESS_KEY_ID
              + " and "
              + SECRET_ACCESS_KEY);
    }
    String accessKeyId = value(secret, ACCESS_KEY_ID);
    String secretAccessKey = value(secret, SECRET_ACCESS_KEY);
    if (accessKeyId == null || secretAccessKey == null) {
      String missing = accessKeyId == null ? ACCESS_KEY_ID : SECRET_ACCESS_KEY;
      throw new CredentialsException(
          "CredentialsInvalid", "Secret " + where + " has no non-empty key " + missing);
    }
    String sessionToken = value(secret, SESSION_TOKEN);
    return new ResolvedCredentials(
        new SigningCredentials(
            accessKeyId, secretAccessKey, sessionToken, expiration(secret, where)),
        "secret " + where);
  }

  private static Instant expiration(Secret secret, String where) {
    String raw = value(secret, EXPIRATION);
    if (raw == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      throw new CredentialsException(
          "CredentialsInvalid",
          "Secret "
              + where
              + " has a key "
              + EXPIRATION
              + " that is not an ISO-8601 time such as 2026-01-31T12:00:00Z");
    }
  }

  private static String value(Secret secret, String key) {
    Map<String, String> stringData = secret.getStringData();
    if (stringData != null && stringData.get(key) != null && !stringData.get(key).isBlank()) {
      return stringData.get(key).trim();
    }
    Map<String, String> data = secret.getData();
    if (data == null || data.get(key) == null) {
      return null;
    }
    try {
      String decoded =
          new String(Base64.getMimeDecoder().decode(data.get(key)), StandardCharsets.UTF_8).trim();
      return decoded.isEmpty() ? null : decoded;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
