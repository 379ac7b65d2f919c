package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/**
 * Cluster-scoped description of where uploads go and what they may be, like a StorageClass. The
 * class annotated {@value #IS_DEFAULT_CLASS_ANNOTATION}{@code : "true"} serves UploadRequests that
 * name no class.
 */
@Group(GroupVersion.GROUP)
@Version(GroupVersion.VERSION)
// Spelled out, as the CRD has them: without them fabric8 derives both with its regex Pluralize in
// every constructor (each watch event and cached copy), a measurable share of the operator's CPU.
@Plural("uploadclasses")
@Singular("uploadclass")
@ShortNames("upclass")
@Categories(GroupVersion.CATEGORY)
// Printer columns: kubectl prints them in the order of these annotations, the -o wide ones
// (priority 1) last, after Age, as kubectl does for built-in kinds. crd-generator sorts them by
// jsonPath; the CRDs in crds/ get this order back from GeneratedCrdPostProcessor (test scope).
@AdditionalPrinterColumn(
    name = "Bucket",
    jsonPath = ".spec.bucket",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Endpoint",
    jsonPath = ".spec.endpoint",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "CORS",
    jsonPath = ".status.conditions[?(@.type==\"CORSReady\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Region",
    jsonPath = ".spec.region",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "CORS-Reason",
    jsonPath = ".status.conditions[?(@.type==\"CORSReady\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class UploadClass extends CustomResource<UploadClassSpec, UploadClassStatus> {

  /** Annotation that marks the default class when its value is {@code "true"}. */
  public static final String IS_DEFAULT_CLASS_ANNOTATION = GroupVersion.GROUP + "/is-default-class";

  @Override
  @Required
  @JsonPropertyDescription(
      "Where uploads of this class go (bucket, region or endpoint, credentials) and what they"
          + " may be (size, content types, folders, expiry, namespaces).")
  public UploadClassSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator last observed: the Ready condition after probing credentials and"
          + " bucket, and where the credentials came from.")
  public UploadClassStatus getStatus() {
    return super.getStatus();
  }

  /** True when the {@value #IS_DEFAULT_CLASS_ANNOTATION} annotation is {@code "true"}. */
  @JsonIgnore
  public boolean isDefaultClass() {
    Map<String, String> annotations = getMetadata() == null ? null : getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(IS_DEFAULT_CLASS_ANNOTATION));
  }
}
