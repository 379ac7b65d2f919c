package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Where the operator POSTs a signed CloudEvent when an upload of the class finishes (UploadClass
 * spec.notify). Written by whoever may write UploadClasses (cluster-scoped: the platform team);
 * docs/notifications.md says what that trust means.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UploadNotify {

  @Required
  @Size(min = 1, max = SchemaConstraints.MAX_ENDPOINT_LENGTH)
  @Pattern(SchemaConstraints.NOTIFY_URL_PATTERN)
  // Its own rule, not a narrower pattern: the message says why, without quoting the value back.
  @ValidationRule(
      value = "!self.matches('" + SchemaConstraints.ENDPOINT_USERINFO_PATTERN + "')",
      message =
          "url must not contain a user name or password (user:password@host): the receiver"
              + " checks the X-Presign-Signature header instead")
  @JsonPropertyDescription(
      "URL the operator POSTs a CloudEvent to when an upload of this class is Uploaded, Expired"
          + " or Failed (a cancel is Failed with reason Cancelled), e.g."
          + " 'http://upload-hooks.shop.svc:8080/presign'. Usually an in-cluster Service."
          + " http:// or https://, a host, an optional path and query; no user name or password,"
          + " no fragment; at most "
          + SchemaConstraints.MAX_ENDPOINT_LENGTH
          + " characters. Redirects are not followed. Required when notify is set.")
  private String url;

  @Required
  @JsonPropertyDescription(
      "The Secret key holding the HMAC-SHA256 key that signs each event (header"
          + " X-Presign-Signature). Required when notify is set. The Secret must be in a"
          + " namespace whose Secrets the operator reads (its own namespace, or one listed in"
          + " credentialsNamespaces); the value must be at least 32 bytes.")
  private NotifySecretKeyReference signingKeyRef;

  public UploadNotify() {}

  public UploadNotify(String url, NotifySecretKeyReference signingKeyRef) {
    this.url = url;
    this.signingKeyRef = signingKeyRef;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public NotifySecretKeyReference getSigningKeyRef() {
    return signingKeyRef;
  }

  public void setSigningKeyRef(NotifySecretKeyReference signingKeyRef) {
    this.signingKeyRef = signingKeyRef;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof UploadNotify other
            && Objects.equals(url, other.url)
            && Objects.equals(signingKeyRef, other.signingKeyRef));
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, signingKeyRef);
  }

  /** Without the URL's path and query, which may carry what an admin did not mean to show. */
  @Override
  public String toString() {
    return "UploadNotify{signingKeyRef=" + signingKeyRef + "}";
  }
}
