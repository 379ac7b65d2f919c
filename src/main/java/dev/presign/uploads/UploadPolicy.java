package dev.presign.uploads;

import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.SchemaConstraints;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.fields.FieldLimits;
import dev.presign.fields.UploadField;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.signing.EchoSafeText;
import dev.presign.signing.MetadataRules;
import dev.presign.signing.PostPolicyRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Pure checks of an UploadRequest against itself and its class: what a request must be, and what
 * the platform team allows. Each check returns the first {@link Violation}, naming the field to
 * fix. The API server enforces the CRD schema too, but the mock server and older clusters do not,
 * and a request the operator cannot sign must fail with a reason rather than crash a reconcile.
 */
public final class UploadPolicy {
  private static final Pattern CHECKSUM = Pattern.compile(FieldLimits.CHECKSUM_SHA256_PATTERN);
  private static final int MAX_FILE_NAME_LENGTH = FieldLimits.MAX_ORIGINAL_FILE_NAME_LENGTH;
  private static final int MAX_EXPIRES_IN = FieldLimits.SIGV4_MAX_EXPIRES_IN_SECONDS;
  private static final Pattern CLASS_NAME =
      Pattern.compile(SchemaConstraints.DNS_SUBDOMAIN_PATTERN);

  private static final String SINGLE_LIMIT =
      FieldLimits.MAX_SINGLE_UPLOAD_BYTES + " bytes (5 GiB), the most one POST or PUT can carry";

  private final LabelSelectorMatcher selectors;
  private final ContentTypePolicy contentTypes;
  private final PartSizeRule partSizes;

  public UploadPolicy(LabelSelectorMatcher selectors, ContentTypePolicy contentTypes) {
    this(selectors, contentTypes, new PartSizeRule());
  }

  public UploadPolicy(
      LabelSelectorMatcher selectors, ContentTypePolicy contentTypes, PartSizeRule partSizes) {
    this.selectors = selectors;
    this.contentTypes = contentTypes;
    this.partSizes = partSizes;
  }

  /** The request on its own: what any class would refuse. */
  public Optional<Violation> checkSpec(UploadRequestSpec spec) {
    if (spec == null) {
      return fail(UploadField.SPEC, "is required: set originalFileName and fileSize");
    }
    if (spec.getOriginalFileName() == null || spec.getOriginalFileName().isEmpty()) {
      return fail(
          UploadField.ORIGINAL_FILE_NAME, "is required: the name of the file being uploaded");
    }
    if (spec.getOriginalFileName().length() > MAX_FILE_NAME_LENGTH) {
      return fail(
          UploadField.ORIGINAL_FILE_NAME,
          "must be at most " + MAX_FILE_NAME_LENGTH + " characters");
    }
    if (spec.getFileSize() == null || spec.getFileSize() < 1) {
      return fail(UploadField.FILE_SIZE, "must be the file's exact size in bytes, at least 1");
    }
    if (spec.getFileSize() > FieldLimits.MAX_OBJECT_BYTES) {
      return fail(
          UploadField.FILE_SIZE,
          "must be at most "
              + FieldLimits.MAX_OBJECT_BYTES
              + " bytes (5 TiB, S3's limit for one object)");
    }
    if (Boolean.FALSE.equals(spec.getMultipart())) {
      if (spec.getFileSize() > PostPolicyRequest.MAX_POST_SIZE) {
        return fail(
            UploadField.FILE_SIZE,
            "is more than "
                + SINGLE_LIMIT
                + "; set spec.multipart to true (or leave it out) to upload in parts");
      }
      if (spec.getPartSize() != null) {
        return fail(
            UploadField.PART_SIZE,
            "applies only to multipart uploads; remove it or set spec.multipart to true");
      }
    }
    if (Boolean.TRUE.equals(spec.getMultipart())) {
      Optional<Violation> multipart = checkMultipart(spec);
      if (multipart.isPresent()) {
        return multipart;
      }
    }
    if (spec.getExpiresInSeconds() != null
        && (spec.getExpiresInSeconds() < 1 || spec.getExpiresInSeconds() > MAX_EXPIRES_IN)) {
      return fail(
          UploadField.EXPIRES_IN,
          "must be from 1 to " + MAX_EXPIRES_IN + " seconds (7 days, the SigV4 limit)");
    }
    if (spec.getContentType() != null
        && !spec.getContentType().isBlank()
        && !contentTypes.isWellFormed(spec.getContentType().trim())) {
      return fail(
          UploadField.CONTENT_TYPE,
          "must be a media type such as application/pdf (type/subtype, visible ASCII, at most "
              + FieldLimits.MAX_CONTENT_TYPE_LENGTH
              + " characters)");
    }
    if (spec.getChecksumSHA256() != null && !CHECKSUM.matcher(spec.getChecksumSHA256()).matches()) {
      return fail(
          UploadField.CHECKSUM_SHA256,
          "must be the base64 of a 32-byte SHA-256 digest ("
              + FieldLimits.CHECKSUM_SHA256_LENGTH
              + " characters ending in '=')");
    }
    String className = spec.getUploadClassName();
    if (className != null
        && !className.isBlank()
        && (className.length() > SchemaConstraints.MAX_NAME_LENGTH
            || !CLASS_NAME.matcher(className).matches())) {
      // Not echoed: the class lookup would put the name as it is into the condition and Event.
      return fail(
          UploadField.UPLOAD_CLASS,
          "must be the name of an UploadClass (at most "
              + SchemaConstraints.MAX_NAME_LENGTH
              + " lowercase letters, digits, '-' and '.'), or omitted for the default class");
    }
    // The same rules the signer applies to a POST, checked here for every method.
    return MetadataRules.problem(spec.getMetadata())
        .flatMap(problem -> fail(UploadField.METADATA, problem));
  }

  /**
   * The request against its class's policy, before naming (namespace, size, folder, expiry,
   * method).
   */
  public Optional<Violation> checkAgainstClass(
      UploadRequestSpec spec,
      UploadClassSpec policy,
      String className,
      Map<String, String> namespaceLabels,
      String namespace) {
    if (policy.getNamespaceSelector() != null
        && !selectors.matches(policy.getNamespaceSelector(), namespaceLabels)) {
      return Optional.of(
          Violation.denied(
              Reasons.NAMESPACE_NOT_ALLOWED,
              UploadField.NAMESPACE,
              "namespace "
                  + namespace
                  + " is not selected by the namespaceSelector of UploadClass "
                  + className
                  + "; ask the platform team to label it or use another class"));
    }
    OptionalLong max;
    try {
      max = policy.maxFileSizeBytes();
    } catch (IllegalArgumentException e) {
      return Optional.of(
          Violation.failed(
              Reasons.INVALID_SPEC,
              UploadField.MAX_FILE_SIZE,
              "UploadClass "
                  + className
                  + " has an invalid maxFileSize; ask the platform team to fix it"));
    }
    if (max.isPresent() && spec.getFileSize() > max.getAsLong()) {
      return Optional.of(
          Violation.denied(
              Reasons.FILE_TOO_LARGE,
              UploadField.FILE_SIZE,
              spec.getFileSize()
                  + " bytes is more than the "
                  + max.getAsLong()
                  + " bytes ("
                  + policy.getMaxFileSize()
                  + ") UploadClass "
                  + className
                  + " allows"));
    }
    boolean multipart;
    try {
      multipart = isMultipart(spec, policy);
    } catch (IllegalArgumentException e) {
      return Optional.of(
          Violation.failed(
              Reasons.INVALID_SPEC,
              UploadField.MULTIPART_THRESHOLD,
              "UploadClass "
                  + className
                  + " has an invalid multipartThreshold; ask the platform team to fix it"));
    }
    if (multipart) {
      Optional<Violation> invalid = checkMultipart(spec);
      if (invalid.isPresent()) {
        return invalid;
      }
    } else if (spec.getFileSize() > PostPolicyRequest.MAX_POST_SIZE) {
      return fail(
          UploadField.FILE_SIZE,
          "is more than "
              + SINGLE_LIMIT
              + "; set spec.multipart to true to upload in parts (a SHA-256 checksum cannot be"
              + " checked for a multipart upload)");
    } else if (spec.getPartSize() != null) {
      return fail(
          UploadField.PART_SIZE,
          "applies only to multipart uploads, and this one is a single POST or PUT (fileSize is"
              + " not over UploadClass "
              + className
              + "'s multipartThreshold); remove it or set spec.multipart to true");
    }
    String uploadTo = uploadTo(spec, policy);
    if (!policy.allowsUploadTo(uploadTo)) {
      return Optional.of(
          Violation.denied(
              Reasons.UPLOAD_TO_NOT_ALLOWED,
              UploadField.UPLOAD_TO,
              "'"
                  + printable(uploadTo)
                  + "' is not allowed by UploadClass "
                  + className
                  + "; allowed: "
                  + String.join(", ", allowedFolders(policy))));
    }
    if (spec.getExpiresInSeconds() != null
        && spec.getExpiresInSeconds() > policy.effectiveMaxExpiresInSeconds()) {
      return Optional.of(
          Violation.denied(
              Reasons.EXPIRY_TOO_LONG,
              UploadField.EXPIRES_IN,
              spec.getExpiresInSeconds()
                  + " seconds is more than the "
                  + policy.effectiveMaxExpiresInSeconds()
                  + " seconds UploadClass "
                  + className
                  + " allows"));
    }
    return Optional.empty();
  }

  /**
   * Whether the request is uploaded in parts: spec.multipart when set; otherwise when fileSize is
   * over the class's multipartThreshold, unless the request carries a SHA-256 checksum and fits one
   * POST or PUT (S3 checks a SHA-256 only on a single upload; for multipart it is composite only).
   *
   * @throws IllegalArgumentException when the class's multipartThreshold is not a valid quantity
   */
  public boolean isMultipart(UploadRequestSpec spec, UploadClassSpec policy) {
    if (spec.getMultipart() != null) {
      return spec.getMultipart();
    }
    long size = spec.getFileSize();
    if (size <= policy.effectiveMultipartThresholdBytes()) {
      return false;
    }
    return spec.getChecksumSHA256() == null || size > PostPolicyRequest.MAX_POST_SIZE;
  }

  /** How a multipart request is cut into parts (call after the checks passed). */
  public PartSizeRule.PartPlan partPlan(UploadRequestSpec spec) {
    return partSizes.plan(spec.getFileSize(), spec.getPartSize());
  }

  private Optional<Violation> checkMultipart(UploadRequestSpec spec) {
    if (spec.getChecksumSHA256() != null) {
      return fail(
          UploadField.CHECKSUM_SHA256,
          "cannot be checked for a multipart upload (S3 takes SHA-256 there only as a checksum of"
              + " the parts' checksums); remove it, or upload at most "
              + SINGLE_LIMIT
              + " with spec.multipart: false");
    }
    try {
      partSizes.plan(spec.getFileSize(), spec.getPartSize());
      return Optional.empty();
    } catch (ViolationException e) {
      return Optional.of(e.violation());
    }
  }

  /** The content type, once known (given, or derived from the file name). */
  public Optional<Violation> checkContentType(
      String contentType, UploadClassSpec policy, String className) {
    if (policy.getAllowedContentTypes() == null
        || policy.getAllowedContentTypes().isEmpty()
        || contentTypes.isAllowed(contentType, policy.getAllowedContentTypes())) {
      return Optional.empty();
    }
    return Optional.of(
        Violation.denied(
            Reasons.CONTENT_TYPE_NOT_ALLOWED,
            UploadField.CONTENT_TYPE,
            contentType
                + " is not allowed by UploadClass "
                + className
                + "; allowed: "
                + String.join(", ", policy.getAllowedContentTypes())));
  }

  public String uploadTo(UploadRequestSpec spec, UploadClassSpec policy) {
    return spec.getUploadTo() == null || spec.getUploadTo().isBlank()
        ? policy.effectiveDefaultUploadTo()
        : spec.getUploadTo();
  }

  /**
   * The namespace that goes into the key of a request in {@code namespace}, or null for the seed's
   * layout ({@link UploadClassSpec#effectiveIsolateNamespaces()}).
   */
  public String keyNamespace(String namespace, UploadClassSpec policy) {
    if (!policy.effectiveIsolateNamespaces()) {
      return null;
    }
    // Never the seed's layout by accident: a missing namespace fails naming, naming the field.
    return namespace == null ? "" : namespace;
  }

  public Duration expiresIn(UploadRequestSpec spec, UploadClassSpec policy) {
    return Duration.ofSeconds(
        spec.getExpiresInSeconds() != null
            ? spec.getExpiresInSeconds()
            : policy.effectiveDefaultExpiresInSeconds());
  }

  public UploadMethod method(UploadRequestSpec spec, UploadClassSpec policy) {
    return spec.getMethod() != null ? spec.getMethod() : policy.effectiveMethod();
  }

  private static List<String> allowedFolders(UploadClassSpec policy) {
    List<String> folders = new ArrayList<>();
    folders.add(policy.effectiveDefaultUploadTo());
    policy.getAllowedUploadTo().stream().filter(f -> !folders.contains(f)).forEach(folders::add);
    return folders;
  }

  private static Optional<Violation> fail(UploadField field, String message) {
    return Optional.of(Violation.failed(Reasons.INVALID_SPEC, field, message));
  }

  private static String printable(String value) {
    return EchoSafeText.of(value, 64);
  }
}
