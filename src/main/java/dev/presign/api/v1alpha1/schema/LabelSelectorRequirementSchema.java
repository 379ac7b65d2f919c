package dev.presign.api.v1alpha1.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Schema of {@code io.fabric8.kubernetes.api.model.LabelSelectorRequirement}. */
public final class LabelSelectorRequirementSchema {

  @JsonProperty
  @Required
  @JsonPropertyDescription("Label key the requirement applies to.")
  private String key;

  @JsonProperty
  @Required
  @Pattern("^(In|NotIn|Exists|DoesNotExist)$")
  @JsonPropertyDescription("How the label relates to values: In, NotIn, Exists or DoesNotExist.")
  private String operator;

  @JsonProperty
  @JsonPropertyDescription(
      "Label values. Non-empty for In and NotIn; must be empty for Exists and DoesNotExist.")
  private List<String> values;

  private LabelSelectorRequirementSchema() {}
}
