package dev.presign.notify;

import dev.presign.api.v1alpha1.NotifySecretKeyReference;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The HMAC key of a class's notifications, from a Secret the operator already watches (the
 * credentials namespaces: its RBAC grants Secret access there and nowhere else). Messages name the
 * Secret and the key, never a value.
 */
public final class SigningKeys {
  /** Shortest key accepted: as long as the HMAC-SHA256 output. */
  public static final int MIN_KEY_BYTES = 32;

  private final BiFunction<String, String, Secret> secrets;
  private final Set<String> readableNamespaces;

  /**
   * @param secrets a Secret by namespace and name from the operator's cache, or null
   * @param readableNamespaces namespaces whose Secrets the operator may read
   */
  public SigningKeys(BiFunction<String, String, Secret> secrets, Set<String> readableNamespaces) {
    this.secrets = secrets;
    this.readableNamespaces = readableNamespaces;
  }

  /**
   * @throws IllegalStateException saying what is missing (the condition's message)
   */
  public byte[] keyOf(NotifySecretKeyReference ref) {
    if (ref == null) {
      throw new IllegalStateException("spec.notify.signingKeyRef is not set");
    }
    if (!readableNamespaces.contains(ref.getNamespace())) {
      throw new IllegalStateException(
          "the signing key's Secret "
              + ref
              + " is in a namespace whose Secrets the operator does not read; use "
              + String.join(" or ", readableNamespaces.stream().sorted().toList())
              + ", or add the namespace to the operator's credentialsNamespaces");
    }
    Secret secret = secrets.apply(ref.getNamespace(), ref.getName());
    if (secret == null) {
      throw new IllegalStateException("the signing key's Secret " + ref + " does not exist");
    }
    byte[] key = valueOf(secret, ref.getKey());
    if (key == null) {
      throw new IllegalStateException("the Secret " + ref + " has no such key");
    }
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalStateException(
          "the signing key in Secret "
              + ref
              + " is shorter than "
              + MIN_KEY_BYTES
              + " bytes (for example: openssl rand -hex 32)");
    }
    return key;
  }

  private static byte[] valueOf(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        return Base64.getDecoder().decode(secret.getData().get(key));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    // stringData: what the fabric8 mock server keeps, and what an informer sees before the API
    // server folds it into data.
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return secret.getStringData().get(key).getBytes(StandardCharsets.UTF_8);
    }
    return null;
  }
}
