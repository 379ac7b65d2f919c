package dev.presign.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the SigV4 signing key ({@code AWS4}+secret → date → region → service → {@code
 * aws4_request}) once per (secret, date, region, service) and keeps an HMAC already keyed with it.
 *
 * <p>Deriving costs four HMACs and keying a {@link Mac} two more compressions; a signature over a
 * policy costs about as much again, so caching roughly halves the work. The cache is keyed by a
 * SHA-256 of the secret, not the secret itself, and is cleared when it grows past a bound (dates
 * roll over daily, so old entries only accumulate slowly).
 */
public final class SigningKeyCache {
  static final String ALGORITHM = "HmacSHA256";
  private static final int MAX_ENTRIES = 1024;

  private final ConcurrentHashMap<CacheKey, Mac> keyedMacs = new ConcurrentHashMap<>();

  /** A fresh {@link Mac} keyed with the derived signing key; the caller owns it. */
  public Mac signingMac(String secret, String date, String region, String service) {
    CacheKey cacheKey = new CacheKey(sha256(secret), date, region, service);
    Mac prototype = keyedMacs.get(cacheKey);
    if (prototype == null) {
      if (keyedMacs.size() >= MAX_ENTRIES) {
        keyedMacs.clear();
      }
      prototype = keyed(deriveSigningKey(secret, date, region, service));
      keyedMacs.putIfAbsent(cacheKey, prototype);
    }
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      return keyed(deriveSigningKey(secret, date, region, service));
    }
  }

  /** The raw derived key, for the published test vectors. */
  static byte[] deriveSigningKey(String secret, String date, String region, String service) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    return hmac(key, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) {
    return keyed(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac keyed(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  private record CacheKey(byte[] secretHash, String date, String region, String service) {
    @Override
    public boolean equals(Object other) {
      return other instanceof CacheKey that
          && Arrays.equals(secretHash, that.secretHash)
          && date.equals(that.date)
          && region.equals(that.region)
          && service.equals(that.service);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * Arrays.hashCode(secretHash) + date.hashCode()) + region.hashCode())
          + service.hashCode();
    }
  }
}
