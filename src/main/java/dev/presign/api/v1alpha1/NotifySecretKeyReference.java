package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One key of a Secret named by namespace and name (UploadClass is cluster-scoped). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotifySecretKeyReference {

  @Required
  @Size(min = 1, max = SchemaConstraints.MAX_NAMESPACE_LENGTH)
  @Pattern(SchemaConstraints.DNS_LABEL_PATTERN)
  @JsonPropertyDescription(
      "Namespace of the Secret. Required. The operator reads Secrets only in its own namespace"
          + " and in credentialsNamespaces (the Helm chart grants exactly those).")
  private String namespace;

  @Required
  @Size(min = 1, max = SchemaConstraints.MAX_NAME_LENGTH)
  @Pattern(SchemaConstraints.DNS_SUBDOMAIN_PATTERN)
  @JsonPropertyDescription("Name of the Secret. Required.")
  private String name;

  @Required
  @Size(min = 1, max = SchemaConstraints.MAX_NAME_LENGTH)
  @Pattern(SchemaConstraints.SECRET_KEY_PATTERN)
  @JsonPropertyDescription(
      "Key in the Secret's data whose value (at least 32 bytes) is the HMAC key, e.g. 'hmac-key'."
          + " Required.")
  private String key;

  public NotifySecretKeyReference() {}

  public NotifySecretKeyReference(String namespace, String name, String key) {
    this.namespace = namespace;
    this.name = name;
    this.key = key;
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

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof NotifySecretKeyReference other
            && Objects.equals(namespace, other.namespace)
            && Objects.equals(name, other.name)
            && Objects.equals(key, other.key));
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, name, key);
  }

  /** {@code namespace/name key}, as shown in messages. */
  @Override
  public String toString() {
    return namespace + "/" + name + " key " + key;
  }
}
