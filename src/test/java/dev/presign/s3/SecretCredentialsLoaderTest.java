package dev.presign.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

class SecretCredentialsLoaderTest {
  private static final String CANARY = "canary-secret-value-7f3a";

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static SecretCredentialsLoader loaderWith(Secret secret) {
    return new SecretCredentialsLoader(
        (ns, name) ->
            secret != null
                    && secret.getMetadata().getNamespace().equals(ns)
                    && secret.getMetadata().getName().equals(name)
                ? secret
                : null);
  }

  private static Secret secret(Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace("presign-system")
        .withName("s3")
        .endMetadata()
        .withData(data)
        .build();
  }

  @Test
  void readsBase64DataWithOptionalSessionToken() {
    Secret secret =
        secret(
            Map.of(
                "AWS_ACCESS_KEY_ID",
                b64("AKIDEXAMPLE"),
                "AWS_SECRET_ACCESS_KEY",
                b64(CANARY + "\n"),
                "AWS_SESSION_TOKEN",
                b64("token-1")));
    ResolvedCredentials resolved = loaderWith(secret).load("presign-system", "s3");
    assertThat(resolved.credentials().accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(resolved.credentials().secretAccessKey()).isEqualTo(CANARY);
    assertThat(resolved.credentials().sessionToken()).isEqualTo("token-1");
    assertThat(resolved.source()).isEqualTo("secret presign-system/s3");
    assertThat(resolved.toString()).doesNotContain(CANARY).doesNotContain("token-1");
  }

  @Test
  void readsStringData() {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("presign-system")
            .withName("s3")
            .endMetadata()
            .withStringData(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", CANARY))
            .build();
    assertThat(loaderWith(secret).load("presign-system", "s3").credentials().isTemporary())
        .isFalse();
  }

  @Test
  void missingSecretNamesItAndTheKeysItNeeds() {
    assertThatThrownBy(() -> loaderWith(null).load("presign-system", "s3"))
        .isInstanceOfSatisfying(
            CredentialsException.class,
            e -> assertThat(e.reason()).isEqualTo("CredentialsNotFound"))
        .hasMessageContaining("presign-system/s3")
        .hasMessageContaining("AWS_ACCESS_KEY_ID");
  }

  @Test
  void missingKeyIsNamedButNoValueIsShown() {
    Secret secret = secret(Map.of("AWS_ACCESS_KEY_ID", b64(CANARY)));
    assertThatThrownBy(() -> loaderWith(secret).load("presign-system", "s3"))
        .isInstanceOfSatisfying(
            CredentialsException.class, e -> assertThat(e.reason()).isEqualTo("CredentialsInvalid"))
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void defaultChainWithoutCredentialsSaysHowToFixIt() {
    AwsCredentialsProvider empty =
        () -> {
          throw SdkClientException.create(
              "Unable to load credentials from any of the providers in the chain");
        };
    CredentialsResolver resolver = new CredentialsResolver(loaderWith(null), empty);
    assertThatThrownBy(() -> resolver.resolve(null, null))
        .isInstanceOfSatisfying(
            CredentialsException.class,
            e -> assertThat(e.reason()).isEqualTo("CredentialsNotFound"))
        .hasMessageContaining("secretRef");
  }

  @Test
  void readsTheCredentialExpirationAsTheAwsCliPrintsIt() {
    Secret secret =
        secret(
            Map.of(
                "AWS_ACCESS_KEY_ID", b64("ASIAEXAMPLE"),
                "AWS_SECRET_ACCESS_KEY", b64(CANARY),
                "AWS_SESSION_TOKEN", b64("token-1"),
                "AWS_CREDENTIAL_EXPIRATION", b64("2026-11-26T18:00:00+00:00")));
    assertThat(loaderWith(secret).load("presign-system", "s3").credentials().expiry())
        .contains(java.time.Instant.parse("2026-11-26T18:00:00Z"));
  }

  @Test
  void noExpirationMeansNone() {
    Secret secret =
        secret(Map.of("AWS_ACCESS_KEY_ID", b64("AKID"), "AWS_SECRET_ACCESS_KEY", b64(CANARY)));
    assertThat(loaderWith(secret).load("presign-system", "s3").credentials().expiry()).isEmpty();
  }

  @Test
  void malformedExpirationIsNamedButNotShown() {
    Secret secret =
        secret(
            Map.of(
                "AWS_ACCESS_KEY_ID", b64("AKID"),
                "AWS_SECRET_ACCESS_KEY", b64(CANARY),
                "AWS_CREDENTIAL_EXPIRATION", b64("tomorrow-" + CANARY)));
    assertThatThrownBy(() -> loaderWith(secret).load("presign-system", "s3"))
        .isInstanceOfSatisfying(
            CredentialsException.class, e -> assertThat(e.reason()).isEqualTo("CredentialsInvalid"))
        .hasMessageContaining("AWS_CREDENTIAL_EXPIRATION")
        .hasMessageContaining("presign-system/s3")
        .hasMessageNotContaining(CANARY);
  }
}
