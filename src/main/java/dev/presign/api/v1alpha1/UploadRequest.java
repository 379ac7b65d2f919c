package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A one-shot request for a signed direct-to-S3 upload, like a cert-manager CertificateRequest: the
 * operator signs it once, stores the form in status, and watches for the object.
 */
@Group(GroupVersion.GROUP)
@Version(GroupVersion.VERSION)
// Spelled out, as the CRD has them: without them fabric8 derives both with its regex Pluralize in
// every constructor (each watch event and cached copy), a measurable share of the operator's CPU.
@Plural("uploadrequests")
@Singular("uploadrequest")
@ShortNames("upreq")
@Categories(GroupVersion.CATEGORY)
// Printer columns: kubectl prints them in the order of these annotations, the -o wide ones
// (priority 1) last, after Age, as kubectl does for built-in kinds. crd-generator sorts them by
// jsonPath; the CRDs in crds/ get this order back from GeneratedCrdPostProcessor (test scope).
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Class",
    jsonPath = ".status.uploadClassName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Key",
    jsonPath = ".status.key",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Size",
    jsonPath = ".spec.fileSize",
    type = AdditionalPrinterColumn.Type.INTEGER)
// Empty for a single POST/PUT: a number here says "multipart, in this many parts".
@AdditionalPrinterColumn(
    name = "Parts",
    jsonPath = ".status.multipart.partCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
// A string, not a date: the API server prints date columns as the time since the value, and a
// time in the future as "<invalid>", which is every Issued request.
@AdditionalPrinterColumn(
    name = "Expires",
    jsonPath = ".status.expiresAt",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class UploadRequest extends CustomResource<UploadRequestSpec, UploadRequestStatus>
    implements Namespaced, Cloneable {

  @Override
  @Required
  @JsonPropertyDescription(
      "The file to upload and how (class, folder, content type, expiry). Immutable after"
          + " create: to change anything, create a new UploadRequest.")
  public UploadRequestSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "The signed upload (presignedPost or presignedPut), its key and expiry, and its progress"
          + " (phase, conditions, the stored object). Written by the operator.")
  public UploadRequestStatus getStatus() {
    return super.getStatus();
  }

  /** True when status.phase is Uploaded, Expired or Failed. */
  @JsonIgnore
  public boolean isFinished() {
    return getStatus() != null
        && getStatus().getPhase() != null
        && getStatus().getPhase().isTerminal();
  }

  /**
   * A shallow copy: the same metadata, spec and status objects, and the same strings for what
   * fabric8's {@link CustomResource} computes anew for every instance (apiVersion, kind, singular,
   * plural, CRD name, about 260 bytes). A cache that makes its copies from one such object keeps
   * those strings once instead of once a request.
   */
  public UploadRequest shallowCopy() {
    try {
      return (UploadRequest) super.clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError("UploadRequest is Cloneable", e);
    }
  }
}
