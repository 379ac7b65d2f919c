package dev.presign.uploads;

import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.SchemaConstraints;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.signing.EchoSafeText;
import dev.presign.signing.PostPolicyRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure checks of an UploadRequest against itself and its class: what a request must be, and what
 * the platform team allows. Each check returns the first {@link Violation}, naming the spec field.
 * The API server enforces the CRD schema too, but the mock server and older clusters do not, and a
 * request the operator cannot sign must fail with a reason rather than crash a reconcile.
 */
public final class UploadPolicy {
  private static final Pattern CHECKSUM = Pattern.compile("[A-Za-z0-9+/]{43}=");
  private static final int MAX_FILE_NAME_LENGTH = 4096;
  private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final int MAX_METADATA_BYTES = 2048;
  private static final Pattern CLASS_NAME =
      Pattern.compile(SchemaConstraints.DNS_SUBDOMAIN_PATTERN);

  private final LabelSelectorMatcher selectors;
  private final ContentTypePolicy contentTypes;

  public UploadPolicy(LabelSelectorMatcher selectors, ContentTypePolicy contentTypes) {
    this.selectors = selectors;
    this.contentTypes = contentTypes;
  }

  /** The request on its own: what any class would refuse. */
  public Optional<Violation> checkSpec(UploadRequestSpec spec) {
    if (spec == null) {
      return fail("spec", "is required: set originalFileName and fileSize");
    }
    if (spec.getOriginalFileName() == null || spec.getOriginalFileName().isEmpty()) {
      return fail("spec.originalFileName", "is required: the name of the file being uploaded");
    }
    if (spec.getOriginalFileName().length() > MAX_FILE_NAME_LENGTH) {
      return fail(
          "spec.originalFileName", "must be at most " + MAX_FILE_NAME_LENGTH + " characters");
    }
    if (spec.getFileSize() == null || spec.getFileSize() < 1) {
      return fail("spec.fileSize", "must be the file's exact size in bytes, at least 1");
    }
    if (spec.getFileSize() > PostPolicyRequest.MAX_POST_SIZE) {
      return fail(
          "spec.fileSize",
          "must be at most "
              + PostPolicyRequest.MAX_POST_SIZE
              + " bytes (5 GiB, S3's limit for one upload)");
    }
    if (spec.getExpiresInSeconds() != null
        && (spec.getExpiresInSeconds() < 1 || spec.getExpiresInSeconds() > 604800)) {
      return fail(
          "spec.expiresInSeconds", "must be from 1 to 604800 seconds (7 days, the SigV4 limit)");
    }
    if (spec.getContentType() != null
        && !spec.getContentType().isBlank()
        && !contentTypes.isWellFormed(spec.getContentType().trim())) {
      return fail(
          "spec.contentType",
          "must be a media type such as application/pdf (type/subtype, visible ASCII, at most 255 characters)");
    }
    if (spec.getChecksumSHA256() != null && !CHECKSUM.matcher(spec.getChecksumSHA256()).matches()) {
      return fail(
          "spec.checksumSHA256",
          "must be the base64 of a 32-byte SHA-256 digest (44 characters ending in '=')");
    }
    String className = spec.getUploadClassName();
    if (className != null
        && !className.isBlank()
        && (className.length() > SchemaConstraints.MAX_NAME_LENGTH
            || !CLASS_NAME.matcher(className).matches())) {
      // Not echoed: the class lookup would put the name as it is into the condition and Event.
      return fail(
          "spec.uploadClassName",
          "must be the name of an UploadClass (at most "
              + SchemaConstraints.MAX_NAME_LENGTH
              + " lowercase letters, digits, '-' and '.'), or omitted for the default class");
    }
    return checkMetadata(spec.getMetadata());
  }

  /**
   * User metadata as S3 takes it, checked here for every method rather than only by the POST
   * signer: keys of ASCII letters, digits, '_' and '-' (S3 lowercases them, so two keys that differ
   * only in case are one), printable ASCII values, at most 2 KiB in all.
   */
  private static Optional<Violation> checkMetadata(Map<String, String> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return Optional.empty();
    }
    if (metadata.size() > SchemaConstraints.MAX_METADATA_ENTRIES) {
      return fail(
          "spec.metadata",
          "must have at most " + SchemaConstraints.MAX_METADATA_ENTRIES + " entries");
    }
    Set<String> names = new HashSet<>();
    int bytes = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey() == null ? "" : entry.getKey();
      if (!METADATA_KEY.matcher(key).matches()) {
        return fail(
            "spec.metadata",
            "keys must be 1 to 128 ASCII letters, digits, '_' and '-', starting with a letter or"
                + " digit; got '"
                + printable(key)
                + "'");
      }
      String name = key.toLowerCase(Locale.ROOT);
      if (!names.add(name)) {
        return fail(
            "spec.metadata",
            "key '" + name + "' is given twice (S3 lowercases metadata keys); keep one");
      }
      String value = entry.getValue() == null ? "" : entry.getValue();
      if (!value.chars().allMatch(c -> c >= ' ' && c <= '~')) {
        return fail("spec.metadata", "the value of '" + name + "' must be printable ASCII");
      }
      bytes += name.length() + value.length();
    }
    if (bytes > MAX_METADATA_BYTES) {
      return fail(
          "spec.metadata",
          "keys and values together must be at most " + MAX_METADATA_BYTES + " bytes (S3's limit)");
    }
    return Optional.empty();
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
              "metadata.namespace",
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
              "uploadClass.spec.maxFileSize",
              "UploadClass "
                  + className
                  + " has an invalid maxFileSize; ask the platform team to fix it"));
    }
    if (max.isPresent() && spec.getFileSize() > max.getAsLong()) {
      return Optional.of(
          Violation.denied(
              Reasons.FILE_TOO_LARGE,
              "spec.fileSize",
              spec.getFileSize()
                  + " bytes is more than the "
                  + max.getAsLong()
                  + " bytes ("
                  + policy.getMaxFileSize()
                  + ") UploadClass "
                  + className
                  + " allows"));
    }
    String uploadTo = uploadTo(spec, policy);
    if (!policy.allowsUploadTo(uploadTo)) {
      return Optional.of(
          Violation.denied(
              Reasons.UPLOAD_TO_NOT_ALLOWED,
              "spec.uploadTo",
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
              "spec.expiresInSeconds",
              spec.getExpiresInSeconds()
                  + " seconds is more than the "
                  + policy.effectiveMaxExpiresInSeconds()
                  + " seconds UploadClass "
                  + className
                  + " allows"));
    }
    return Optional.empty();
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
            "spec.contentType",
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

  public Duration expiresIn(UploadRequestSpec spec, UploadClassSpec policy) {
    return Duration.ofSeconds(
        spec.getExpiresInSeconds() != null
            ? spec.getExpiresInSeconds()
            : policy.effectiveDefaultExpiresInSeconds());
  }

  public UploadMethod method(UploadRequestSpec spec, UploadClassSpec policy) {
    return spec.getMethod() != null ? spec.getMethod() : policy.effectiveMethod();
  }

  private static java.util.List<String> allowedFolders(UploadClassSpec policy) {
    java.util.List<String> folders = new java.util.ArrayList<>();
    folders.add(policy.effectiveDefaultUploadTo());
    policy.getAllowedUploadTo().stream().filter(f -> !folders.contains(f)).forEach(folders::add);
    return folders;
  }

  private static Optional<Violation> fail(String field, String message) {
    return Optional.of(Violation.failed(Reasons.INVALID_SPEC, field, message));
  }

  private static String printable(String value) {
    return EchoSafeText.of(value, 64);
  }
}
