package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A Secret named by namespace and name (UploadClass is cluster-scoped). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretReference {

  /** Key of the access key id in the Secret. */
  public static final String ACCESS_KEY_ID_KEY = "AWS_ACCESS_KEY_ID";

  /** Key of the secret access key in the Secret. */
  public static final String SECRET_ACCESS_KEY_KEY = "AWS_SECRET_ACCESS_KEY";

  /** Key of the optional session token (temporary credentials) in the Secret. */
  public static final String SESSION_TOKEN_KEY = "AWS_SESSION_TOKEN";

  /** Key of the optional expiry of temporary credentials (ISO-8601) in the Secret. */
  public static final String EXPIRATION_KEY = "AWS_CREDENTIAL_EXPIRATION";

  @Required
  @Size(min = 1, max = SchemaConstraints.MAX_NAMESPACE_LENGTH)
  @Pattern(SchemaConstraints.DNS_LABEL_PATTERN)
  @JsonPropertyDescription(
      "Namespace of the Secret. Required, because UploadClass is cluster-scoped; the operator"
          + " must be allowed to read Secrets there (the Helm chart grants its own namespace).")
  private String namespace;

  @Required
  @Size(min = 1, max = SchemaConstraints.MAX_NAME_LENGTH)
  @Pattern(SchemaConstraints.DNS_SUBDOMAIN_PATTERN)
  @JsonPropertyDescription("Name of the Secret. Required.")
  private String name;

  public SecretReference() {}

  public SecretReference(String namespace, String name) {
    this.namespace = namespace;
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof SecretReference other
            && Objects.equals(namespace, other.namespace)
            && Objects.equals(name, other.name));
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, name);
  }

  /** {@code namespace/name}, as shown in status.credentialsSource and in messages. */
  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
