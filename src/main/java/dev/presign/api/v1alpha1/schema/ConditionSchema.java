package dev.presign.api.v1alpha1.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Schema of {@code io.fabric8.kubernetes.api.model.Condition} (Kubernetes metav1.Condition). */
public final class ConditionSchema {

  @JsonProperty
  @Required
  @JsonPropertyDescription(
      "Type of the condition, in CamelCase: Ready (UploadClass and UploadRequest), Failed or"
          + " Denied (UploadRequest).")
  private String type;

  @JsonProperty
  @Required
  @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
  private String status;

  @JsonProperty
  @JsonPropertyDescription(
      "metadata.generation of the object when the condition was set; older than the current"
          + " generation means the condition is out of date.")
  private Long observedGeneration;

  @JsonProperty
  @JsonPropertyDescription(
      "When the condition last changed status (RFC 3339). Unchanged while the status stays the"
          + " same.")
  private String lastTransitionTime;

  @JsonProperty
  @JsonPropertyDescription(
      "Machine-readable reason for the last transition, in CamelCase, e.g. Issued, Probed,"
          + " ClassNotFound or FileTooLarge.")
  private String reason;

  @JsonProperty
  @JsonPropertyDescription(
      "Human-readable details of the last transition, including what to fix when it is an"
          + " error. Never contains secret values.")
  private String message;

  private ConditionSchema() {}
}
