package dev.presign.uploads;

import dev.presign.api.v1alpha1.SecretReference;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.s3.CredentialsException;
import dev.presign.s3.CredentialsResolver;
import dev.presign.s3.ResolvedCredentials;
import java.util.Optional;
import java.util.Set;

/**
 * The credentials of an UploadClass, from a Secret in a namespace the operator watches or from the
 * AWS default chain. Used by both reconcilers and by the HTTP API on every replica.
 */
public final class ClassCredentials {
  private final CredentialsResolver resolver;
  private final Set<String> credentialsNamespaces;

  public ClassCredentials(CredentialsResolver resolver, Set<String> credentialsNamespaces) {
    this.resolver = resolver;
    this.credentialsNamespaces = credentialsNamespaces;
  }

  /**
   * Whether {@link #resolve} answers from memory for this class: a Secret reference is read from
   * the informer's cache; the AWS default chain may call STS or the instance metadata service when
   * its temporary credentials are refreshed.
   */
  public boolean readsFromMemory(UploadClassSpec spec) {
    return spec.credentialsSecretRef().isPresent();
  }

  /**
   * @throws CredentialsException with a reason and a message that names no secret value
   */
  public ResolvedCredentials resolve(UploadClassSpec spec) {
    Optional<SecretReference> ref = spec.credentialsSecretRef();
    if (ref.isEmpty()) {
      return resolver.resolve(null, null);
    }
    String namespace = ref.get().getNamespace();
    String name = ref.get().getName();
    if (namespace == null || name == null || name.isBlank()) {
      throw new CredentialsException(
          "CredentialsNotFound", "spec.credentials.secretRef needs both namespace and name");
    }
    if (!credentialsNamespaces.contains(namespace)) {
      throw new CredentialsException(
          "CredentialsNotFound",
          "Secret "
              + namespace
              + "/"
              + name
              + " is in namespace "
              + namespace
              + ", where the operator does not read Secrets; move it to "
              + String.join(" or ", credentialsNamespaces)
              + " or add the namespace to the operator's credentialsNamespaces");
    }
    return resolver.resolve(namespace, name);
  }
}
