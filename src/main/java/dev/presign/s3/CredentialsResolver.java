package dev.presign.s3;

import dev.presign.signing.SigningCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The credentials of one UploadClass: from its Secret reference, or, when it has none, from the AWS
 * SDK default chain (environment, IRSA web identity, EKS Pod Identity, profile, instance role). The
 * chain's provider caches and refreshes temporary credentials itself.
 */
public final class CredentialsResolver {
  public static final String DEFAULT_CHAIN = "default-chain";

  private final SecretCredentialsLoader secrets;
  private final AwsCredentialsProvider defaultChain;

  public CredentialsResolver(SecretCredentialsLoader secrets, AwsCredentialsProvider defaultChain) {
    this.secrets = secrets;
    this.defaultChain = defaultChain;
  }

  /**
   * @param secretNamespace null (with secretName null) selects the default chain
   */
  public ResolvedCredentials resolve(String secretNamespace, String secretName) {
    if (secretName != null && !secretName.isBlank()) {
      return secrets.load(secretNamespace, secretName);
    }
    try {
      return new ResolvedCredentials(
          SigningCredentials.from(defaultChain.resolveCredentials()), DEFAULT_CHAIN);
    } catch (SdkClientException e) {
      throw new CredentialsException(
          "CredentialsNotFound",
          "the class names no credentials Secret and the AWS default chain found none (environment, web identity, Pod Identity, profile, instance role); set spec.credentials.secretRef or give the operator an IAM role");
    }
  }
}
