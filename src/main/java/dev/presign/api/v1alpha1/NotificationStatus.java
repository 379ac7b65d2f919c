package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Progress of the completion notification of a finished UploadRequest (status.notification); the
 * Notified condition says how it stands.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotificationStatus {

  @JsonPropertyDescription("Delivery attempts made so far (POSTs to the class's spec.notify.url).")
  private Integer attempts;

  @JsonPropertyDescription("When the last attempt was made (RFC 3339).")
  private String lastAttemptAt;

  public NotificationStatus() {}

  public NotificationStatus(Integer attempts, String lastAttemptAt) {
    this.attempts = attempts;
    this.lastAttemptAt = lastAttemptAt;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public String getLastAttemptAt() {
    return lastAttemptAt;
  }

  public void setLastAttemptAt(String lastAttemptAt) {
    this.lastAttemptAt = lastAttemptAt;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof NotificationStatus other
            && Objects.equals(attempts, other.attempts)
            && Objects.equals(lastAttemptAt, other.lastAttemptAt));
  }

  @Override
  public int hashCode() {
    return Objects.hash(attempts, lastAttemptAt);
  }

  @Override
  public String toString() {
    return "NotificationStatus{attempts=" + attempts + ", lastAttemptAt=" + lastAttemptAt + "}";
  }
}
