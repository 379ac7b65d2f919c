package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.presign.api.v1alpha1.schema.ConditionListSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the operator last observed about an UploadClass. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UploadClassStatus {

  /** status.credentialsSource when the AWS SDK default credential chain signs. */
  public static final String DEFAULT_CHAIN_CREDENTIALS_SOURCE = "default-chain";

  @SchemaFrom(type = ConditionListSchema.class)
  @JsonPropertyDescription(
      "Latest observations of the class. Ready is True with reason Probed once the credentials"
          + " resolved and HeadBucket succeeded; otherwise False with a reason such as"
          + " CredentialsNotFound, CredentialsInvalid, BucketNotFound or BucketProbeFailed and a"
          + " message that says what to fix. CORSReady says whether browsers may upload to the"
          + " bucket (True: the operator's rule from spec.cors is there (Applied) or the bucket's"
          + " own CORS allows it (AllowedByBucketRules); False: RulesMissing, InvalidSpec;"
          + " Unknown: AccessDenied, Unsupported, CheckFailed, ClassNotReady). With"
          + " spec.abortIncompleteMultipartUploadDays, MultipartLifecycleReady says whether the"
          + " bucket has the operator's lifecycle rule (Applied) or why not.")
  private List<Condition> conditions;

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Where the signing credentials came from: 'secret NAMESPACE/NAME' or 'default-chain'"
          + " (the AWS SDK default chain of the operator pod). Never a secret value.")
  private String credentialsSource;

  @JsonPropertyDescription(
      "When the operator last checked the credentials and the bucket (RFC 3339).")
  private String lastProbeTime;

  /** The credentialsSource text for a Secret: {@code secret namespace/name}. */
  public static String credentialsSourceOf(SecretReference secretRef) {
    return "secret " + secretRef;
  }

  /** The condition of the given type, if present. */
  public Optional<Condition> findCondition(String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }

  /** True when the Ready condition is True. */
  @JsonIgnore
  public boolean isReady() {
    return findCondition(ConditionTypes.READY)
        .map(c -> ConditionTypes.STATUS_TRUE.equals(c.getStatus()))
        .orElse(false);
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getCredentialsSource() {
    return credentialsSource;
  }

  public void setCredentialsSource(String credentialsSource) {
    this.credentialsSource = credentialsSource;
  }

  public String getLastProbeTime() {
    return lastProbeTime;
  }

  public void setLastProbeTime(String lastProbeTime) {
    this.lastProbeTime = lastProbeTime;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof UploadClassStatus other
            && Objects.equals(conditions, other.conditions)
            && Objects.equals(observedGeneration, other.observedGeneration)
            && Objects.equals(credentialsSource, other.credentialsSource)
            && Objects.equals(lastProbeTime, other.lastProbeTime));
  }

  @Override
  public int hashCode() {
    return Objects.hash(conditions, observedGeneration, credentialsSource, lastProbeTime);
  }

  @Override
  public String toString() {
    return "UploadClassStatus{conditions="
        + conditions
        + ", observedGeneration="
        + observedGeneration
        + ", credentialsSource="
        + credentialsSource
        + ", lastProbeTime="
        + lastProbeTime
        + "}";
  }
}
