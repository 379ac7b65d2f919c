package dev.presign.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the SigV4 signing key ({@code AWS4}+secret → date → region → service → {@code
 * aws4_request}) once per (secret, date, region, service), and keeps per thread a {@link Mac}
 * already keyed with the last key that thread used.
 *
 * <p>Deriving costs four HMACs and keying a {@code Mac} two more compressions, while signing one
 * policy costs about ten: without the cache most of a signature would be set-up. The shared map is
 * cleared when it grows past a bound (dates roll over daily, so entries accumulate slowly).
 */
public final class SigningKeyCache {
  static final String ALGORITHM = "HmacSHA256";
  private static final int MAX_ENTRIES = 1024;

  private final ConcurrentHashMap<Scope, SecretKeySpec> derivedKeys = new ConcurrentHashMap<>();
  private final ThreadLocal<KeyedMac> lastUsed = new ThreadLocal<>();

  /**
   * A {@link Mac} keyed with the derived signing key. It belongs to the calling thread and stays
   * valid until that thread's next call: use it for one {@code doFinal} straight away.
   */
  public Mac signingMac(String secret, String date, String region, String service) {
    KeyedMac last = lastUsed.get();
    if (last != null && last.matches(secret, date, region, service)) {
      return last.mac;
    }
    Scope scope = new Scope(secret, date, region, service);
    SecretKeySpec key = derivedKeys.get(scope);
    if (key == null) {
      if (derivedKeys.size() >= MAX_ENTRIES) {
        derivedKeys.clear();
      }
      key = new SecretKeySpec(deriveSigningKey(secret, date, region, service), ALGORITHM);
      derivedKeys.put(scope, key);
    }
    KeyedMac keyed = new KeyedMac(scope, keyedMac(key));
    lastUsed.set(keyed);
    return keyed.mac;
  }

  /** The raw derived key. */
  static byte[] deriveSigningKey(String secret, String date, String region, String service) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    return hmac(key, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) {
    return keyedMac(new SecretKeySpec(key, ALGORITHM))
        .doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac keyedMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** What a derived key depends on. Never printed: it holds the secret. */
  private record Scope(String secret, String date, String region, String service) {
    @Override
    public String toString() {
      return "Scope[" + date + "/" + region + "/" + service + "]";
    }
  }

  private static final class KeyedMac {
    final Scope scope;
    final Mac mac;

    KeyedMac(Scope scope, Mac mac) {
      this.scope = scope;
      this.mac = mac;
    }

    boolean matches(String secret, String date, String region, String service) {
      return scope.secret.equals(secret)
          && scope.date.equals(date)
          && scope.region.equals(region)
          && scope.service.equals(service);
    }
  }
}
