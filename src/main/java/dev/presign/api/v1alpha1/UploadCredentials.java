package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** Where an UploadClass's signing credentials come from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UploadCredentials {

  @Required
  @JsonPropertyDescription(
      "Secret with the keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and AWS_SESSION_TOKEN"
          + " and AWS_CREDENTIAL_EXPIRATION (ISO-8601) for temporary credentials. Required when"
          + " credentials is set. The values never appear in status, events or logs.")
  private SecretReference secretRef;

  public UploadCredentials() {}

  public UploadCredentials(SecretReference secretRef) {
    this.secretRef = secretRef;
  }

  public SecretReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretReference secretRef) {
    this.secretRef = secretRef;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof UploadCredentials other && Objects.equals(secretRef, other.secretRef));
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(secretRef);
  }

  @Override
  public String toString() {
    return "UploadCredentials{secretRef=" + secretRef + "}";
  }
}
