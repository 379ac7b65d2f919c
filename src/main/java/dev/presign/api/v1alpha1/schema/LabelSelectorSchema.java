package dev.presign.api.v1alpha1.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Schema of {@code io.fabric8.kubernetes.api.model.LabelSelector} (metav1.LabelSelector). */
public final class LabelSelectorSchema {

  @JsonProperty
  @JsonPropertyDescription(
      "Labels that must all be present with these values, e.g. {kubernetes.io/metadata.name:"
          + " team-a}. Combined with matchExpressions by AND.")
  private Map<String, String> matchLabels;

  @JsonProperty
  @JsonPropertyDescription(
      "Label requirements that must all hold. Combined with matchLabels by AND.")
  private List<LabelSelectorRequirementSchema> matchExpressions;

  private LabelSelectorSchema() {}
}
