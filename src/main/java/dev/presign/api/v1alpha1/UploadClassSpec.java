package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.presign.api.v1alpha1.schema.DeepMergeSchemaCustomizer;
import dev.presign.api.v1alpha1.schema.LabelSelectorSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where uploads of a class go and what they may be. Every optional field has an {@code effective*}
 * helper that applies the documented default, so code never depends on the API server having
 * applied CRD defaults (the fabric8 mock server does not).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.defaultExpiresInSeconds) || !has(self.maxExpiresInSeconds)"
            + " || self.defaultExpiresInSeconds <= self.maxExpiresInSeconds",
    message = "defaultExpiresInSeconds must not be greater than maxExpiresInSeconds")
// Bounds that the generator annotations cannot express: list items and int-or-string patterns.
@SchemaCustomizer(
    value = DeepMergeSchemaCustomizer.class,
    input =
        "{\"properties\":{"
            + "\"allowedUploadTo\":{\"items\":{\"minLength\":1,\"maxLength\":"
            + SchemaConstraints.MAX_FOLDER_LENGTH
            + ",\"pattern\":\""
            + SchemaConstraints.UPLOAD_TO_PATTERN
            + "\"}},"
            + "\"allowedContentTypes\":{\"items\":{\"minLength\":3,\"maxLength\":"
            + SchemaConstraints.MAX_CONTENT_TYPE_LENGTH
            + ",\"pattern\":\""
            + SchemaConstraints.CONTENT_TYPE_RULE_PATTERN
            + "\"}},"
            + "\"maxFileSize\":{\"pattern\":\""
            + SchemaConstraints.QUANTITY_PATTERN
            + "\"},"
            + "\"multipartThreshold\":{\"pattern\":\""
            + SchemaConstraints.QUANTITY_PATTERN
            + "\"}}}")
public class UploadClassSpec {

  /** An endpoint a toString() must not show (it may hold a password). */
  private static final java.util.regex.Pattern ENDPOINT_USERINFO =
      java.util.regex.Pattern.compile(SchemaConstraints.ENDPOINT_USERINFO_PATTERN);

  /** Region used when none is set. */
  public static final String DEFAULT_REGION = "us-east-1";

  /** Key prefix used when none is set (Django's default media location). */
  public static final String DEFAULT_KEY_PREFIX = "media/";

  /** Folder used when neither the request nor the class names one. */
  public static final String DEFAULT_UPLOAD_TO = "uploads";

  /** Upload lifetime used when neither the request nor the class sets one: one hour. */
  public static final int DEFAULT_EXPIRES_IN_SECONDS = 3600;

  /**
   * How long a finished UploadRequest is kept when the class does not say: one day. On by default
   * because every replica caches every UploadRequest, finished ones too (issue 13).
   */
  public static final int DEFAULT_TTL_SECONDS_AFTER_FINISHED = 86_400;

  /** The ttlSecondsAfterFinished that keeps finished UploadRequests for good. */
  public static final int KEEP_FINISHED = -1;

  /** Signing method used when neither the request nor the class sets one. */
  public static final UploadMethod DEFAULT_METHOD = UploadMethod.POST;

  @Required
  @Size(min = 3, max = 63)
  @Pattern(SchemaConstraints.BUCKET_PATTERN)
  @JsonPropertyDescription(
      "Name of the S3 bucket that receives the uploads, e.g. 'uploads'. Required. 3-63"
          + " characters: lowercase letters, digits, '.' and '-', starting and ending with a"
          + " letter or digit. The bucket must exist: the class becomes Ready only after"
          + " HeadBucket succeeds.")
  private String bucket;

  @Default(DEFAULT_REGION)
  @Size(min = 1, max = 64)
  @Pattern(SchemaConstraints.REGION_PATTERN)
  @JsonPropertyDescription(
      "Region of the bucket, used in the SigV4 credential scope and in AWS URLs, e.g."
          + " 'eu-west-1'. Default: '"
          + DEFAULT_REGION
          + "'. S3-compatible stores expect their own value: usually 'us-east-1' for MinIO and"
          + " S3Proxy, 'auto' for Cloudflare R2.")
  private String region;

  @Size(max = SchemaConstraints.MAX_ENDPOINT_LENGTH)
  @Pattern(SchemaConstraints.ENDPOINT_PATTERN)
  // A password here would be shown in upload URLs, status, Events and `kubectl get`. A rule of its
  // own, not a narrower pattern: its message says why, and does not repeat the value (a pattern
  // error quotes it back). The operator refuses such an endpoint too, for objects stored without
  // this rule.
  @ValidationRule(
      value = "!self.matches('" + SchemaConstraints.ENDPOINT_USERINFO_PATTERN + "')",
      message =
          "endpoint must not contain a user name or password (user:password@host): give the"
              + " store's credentials in spec.credentials (a Secret) and the endpoint as"
              + " http(s)://host[:port][/path]")
  @JsonPropertyDescription(
      "Base URL of an S3-compatible store, e.g. 'http://minio.storage.svc:9000' or"
          + " 'https://ACCOUNT_ID.r2.cloudflarestorage.com'. Omitted or empty: AWS S3"
          + " (https://BUCKET.s3.REGION.amazonaws.com/). Set it for MinIO, Ceph RGW, Cloudflare"
          + " R2, S3Proxy and similar stores. http:// or https://, without user name or password"
          + " (credentials go in spec.credentials), at most "
          + SchemaConstraints.MAX_ENDPOINT_LENGTH
          + " characters.")
  private String endpoint;

  @JsonPropertyDescription(
      "Where the bucket goes in upload URLs: 'virtual' (https://BUCKET.HOST/) or 'path'"
          + " (ENDPOINT/BUCKET/). Default: 'virtual' for AWS, 'path' when endpoint is set."
          + " Bucket names with dots need 'path' to keep HTTPS certificates valid on AWS.")
  private AddressingStyle addressingStyle;

  @JsonPropertyDescription(
      "Credentials that sign uploads of this class. Omitted: the AWS SDK default credential"
          + " chain of the operator pod (environment variables, IRSA web identity token, EKS Pod"
          + " Identity, shared profile). With temporary credentials an upload never outlives"
          + " them.")
  private UploadCredentials credentials;

  @Default(DEFAULT_KEY_PREFIX)
  @Size(max = SchemaConstraints.MAX_FOLDER_LENGTH)
  @Pattern(SchemaConstraints.KEY_PREFIX_PATTERN)
  @JsonPropertyDescription(
      "Prefix of every object key: KEY_PREFIX + UPLOAD_TO + '/' + FILE_NAME, e.g."
          + " 'media/uploads/90bd...-lorem-ipsum.pdf'. Default: '"
          + DEFAULT_KEY_PREFIX
          + "'. Empty string: no prefix. Otherwise folder segments each followed by '/'"
          + " (letters, digits, '.', '_', '-'; a segment does not start with '.'). At most "
          + SchemaConstraints.MAX_FOLDER_LENGTH
          + " characters.")
  private String keyPrefix;

  @Default(DEFAULT_UPLOAD_TO)
  @Size(min = 1, max = SchemaConstraints.MAX_FOLDER_LENGTH)
  @Pattern(SchemaConstraints.UPLOAD_TO_PATTERN)
  @JsonPropertyDescription(
      "Folder for UploadRequests that do not set spec.uploadTo. Default: '"
          + DEFAULT_UPLOAD_TO
          + "'. Folder segments separated by '/' (letters, digits, '.', '_', '-'; a segment"
          + " does not start with '.'). At most "
          + SchemaConstraints.MAX_FOLDER_LENGTH
          + " characters. Always allowed, even when"
          + " allowedUploadTo does not list it.")
  private String defaultUploadTo;

  @Size(max = SchemaConstraints.MAX_ALLOW_LIST_ENTRIES)
  @JsonPropertyDescription(
      "Folders an UploadRequest may name in spec.uploadTo, compared exactly (a trailing '/' is"
          + " ignored). Omitted or empty: any folder. defaultUploadTo is always allowed. Other"
          + " folders are denied with reason UploadToNotAllowed. At most "
          + SchemaConstraints.MAX_ALLOW_LIST_ENTRIES
          + " entries of at most "
          + SchemaConstraints.MAX_FOLDER_LENGTH
          + " characters.")
  private List<String> allowedUploadTo;

  @JsonPropertyDescription(
      "Largest file an UploadRequest may announce in spec.fileSize, as a Kubernetes quantity:"
          + " '100Mi', '5Gi', '5Ti' or a number of bytes. Omitted: no class limit (S3 itself takes"
          + " at most 5 GiB in one POST or PUT and 5 TiB in a multipart upload). Larger requests"
          + " are denied with reason FileTooLarge.")
  private Quantity maxFileSize;

  @JsonPropertyDescription(
      "Size above which an UploadRequest that does not set spec.multipart is uploaded in parts"
          + " (S3 multipart), as a Kubernetes quantity: '100Mi', '1Gi'. Default: '100Mi' (what"
          + " @uppy/aws-s3 uses). At most '5Gi': one POST or PUT cannot take more.")
  private Quantity multipartThreshold;

  @Size(max = SchemaConstraints.MAX_ALLOW_LIST_ENTRIES)
  @JsonPropertyDescription(
      "Content types an upload may have: exact ('application/pdf') or a whole top-level type"
          + " ('image/*'). Matching ignores case and parameters such as '; charset=utf-8'."
          + " Omitted or empty: any type. Others are denied with reason ContentTypeNotAllowed."
          + " At most "
          + SchemaConstraints.MAX_ALLOW_LIST_ENTRIES
          + " entries of at most "
          + SchemaConstraints.MAX_CONTENT_TYPE_LENGTH
          + " characters.")
  private List<String> allowedContentTypes;

  @Min(1)
  @Max(SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS)
  @JsonPropertyDescription(
      "Lifetime in seconds of a signed upload whose UploadRequest does not set"
          + " spec.expiresInSeconds. Default: "
          + DEFAULT_EXPIRES_IN_SECONDS
          + " (one hour), lowered to maxExpiresInSeconds when that is smaller. 1-"
          + SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS
          + "; must"
          + " not be greater than maxExpiresInSeconds when both are set.")
  private Integer defaultExpiresInSeconds;

  @Min(1)
  @Max(SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS)
  @JsonPropertyDescription(
      "Longest lifetime in seconds an UploadRequest may ask for in spec.expiresInSeconds;"
          + " longer requests are denied with reason ExpiryTooLong. 1-"
          + SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS
          + ". Default: "
          + SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS
          + " (7 days, the SigV4 limit). Temporary credentials shorten every upload to their own"
          + " expiry.")
  private Integer maxExpiresInSeconds;

  @Min(KEEP_FINISHED)
  @JsonPropertyDescription(
      "Seconds after an UploadRequest of this class finished (Uploaded, Expired or Failed)"
          + " before the operator deletes it; the S3 object stays. Omitted: "
          + DEFAULT_TTL_SECONDS_AFTER_FINISHED
          + " (one day). 0: delete right away. "
          + KEEP_FINISHED
          + ": never delete (finished requests pile up until someone deletes them).")
  private Integer ttlSecondsAfterFinished;

  @SchemaFrom(type = LabelSelectorSchema.class)
  @JsonPropertyDescription(
      "Namespaces whose UploadRequests may use this class, selected by namespace labels, e.g."
          + " matchLabels: {kubernetes.io/metadata.name: team-a}. Omitted or empty ({}): all"
          + " namespaces. Requests from other namespaces are denied with reason"
          + " NamespaceNotAllowed.")
  private LabelSelector namespaceSelector;

  @Default("POST")
  @JsonPropertyDescription(
      "How uploads are signed unless an UploadRequest sets spec.method: 'POST' (a browser form"
          + " with a SigV4 POST policy, in status.presignedPost) or 'PUT' (a presigned PUT URL,"
          + " in status.presignedPut; for stores without POST Object such as Cloudflare R2)."
          + " Default: 'POST'.")
  private UploadMethod method;

  @ValidationRule(
      value = "self in [200, 201, 204]",
      message = "successActionStatus must be 200, 201 or 204")
  @JsonPropertyDescription(
      "HTTP status S3 answers a successful POST upload with: 200, 201 or 204. 201 returns an"
          + " XML body with Location, Bucket, Key and ETag. Omitted: the field is not part of"
          + " the form and S3 answers 204 No Content. Not used for PUT.")
  private Integer successActionStatus;

  @JsonPropertyDescription(
      "PUT method only: sign 'If-None-Match: *' into presigned PUT URLs, so a URL can write its"
          + " key once: S3 and S3Proxy answer a second PUT with 412 (a store that ignores the"
          + " header overwrites, and download links still serve only the confirmed bytes). The"
          + " uploader must send the header (it is listed in presignedPut.headers) and the"
          + " bucket's CORS rule must allow it. Default: true.")
  private Boolean putIfNoneMatch;

  // Issue 13 item 9: where the signed form goes (self-contained: field, accessors, equals).
  @Default("Status")
  @JsonPropertyDescription(
      "Where the signed form (a bearer credential until it expires) is delivered: 'Status'"
          + " (status.presignedPost / status.presignedPut, readable by everyone who may get"
          + " uploadrequests) or 'Secret' (a Secret in the request's namespace, owned by the"
          + " UploadRequest and named in status.formSecretName; readable only by those who may"
          + " get that Secret; emptied when the upload is finished). The HTTP API returns the"
          + " form either way. Default: 'Status'.")
  private FormDelivery formDelivery;

  @JsonPropertyDescription(
      "Put the UploadRequest's namespace into every object key: KEY_PREFIX + NAMESPACE + '/' +"
          + " UPLOAD_TO + '/' + FILE_NAME, e.g. 'media/shop/uploads/90bd...-lorem-ipsum.pdf', so"
          + " no namespace can write into another namespace's folders, whatever spec.uploadTo"
          + " it names. Omitted: true when namespaceSelector is set (the class was made for"
          + " chosen namespaces), false when it is not (a class for every namespace, the"
          + " single-app default, keeps the seed's key KEY_PREFIX + UPLOAD_TO + '/' + FILE_NAME;"
          + " set true when several tenants share it). Changing it applies to new uploads;"
          + " uploads issued before keep their keys.")
  private Boolean isolateNamespaces;

  /** The region, or {@value #DEFAULT_REGION}. */
  @JsonIgnore
  public String effectiveRegion() {
    return isBlank(region) ? DEFAULT_REGION : region;
  }

  /** True when an endpoint is set, i.e. the store is not AWS S3. */
  @JsonIgnore
  public boolean hasCustomEndpoint() {
    return !isBlank(endpoint);
  }

  /** The addressing style, or path style for a custom endpoint and virtual-hosted for AWS. */
  @JsonIgnore
  public AddressingStyle effectiveAddressingStyle() {
    if (addressingStyle != null) {
      return addressingStyle;
    }
    return hasCustomEndpoint() ? AddressingStyle.PATH : AddressingStyle.VIRTUAL;
  }

  /** The Secret with the credentials, or empty for the AWS SDK default credential chain. */
  @JsonIgnore
  public Optional<SecretReference> credentialsSecretRef() {
    return Optional.ofNullable(credentials).map(UploadCredentials::getSecretRef);
  }

  /** True when no Secret is named and the AWS SDK default credential chain signs. */
  @JsonIgnore
  public boolean usesDefaultCredentialChain() {
    return credentialsSecretRef().isEmpty();
  }

  /** The key prefix, or {@value #DEFAULT_KEY_PREFIX} when unset; an empty prefix stays empty. */
  @JsonIgnore
  public String effectiveKeyPrefix() {
    return keyPrefix == null ? DEFAULT_KEY_PREFIX : keyPrefix;
  }

  /** The default folder, or {@value #DEFAULT_UPLOAD_TO}. */
  @JsonIgnore
  public String effectiveDefaultUploadTo() {
    return isBlank(defaultUploadTo) ? DEFAULT_UPLOAD_TO : defaultUploadTo;
  }

  /** The longest lifetime a request may ask for: maxExpiresInSeconds, or the SigV4 limit. */
  @JsonIgnore
  public int effectiveMaxExpiresInSeconds() {
    int max =
        maxExpiresInSeconds == null
            ? SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS
            : maxExpiresInSeconds;
    return Math.max(1, Math.min(max, SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS));
  }

  /**
   * The lifetime of a request that does not set one: defaultExpiresInSeconds or {@value
   * #DEFAULT_EXPIRES_IN_SECONDS}, never more than {@link #effectiveMaxExpiresInSeconds()}.
   */
  @JsonIgnore
  public int effectiveDefaultExpiresInSeconds() {
    int value =
        defaultExpiresInSeconds == null ? DEFAULT_EXPIRES_IN_SECONDS : defaultExpiresInSeconds;
    return Math.max(1, Math.min(value, effectiveMaxExpiresInSeconds()));
  }

  /**
   * Seconds a finished UploadRequest of this class is kept: ttlSecondsAfterFinished or {@value
   * #DEFAULT_TTL_SECONDS_AFTER_FINISHED}; empty when it is {@value #KEEP_FINISHED} (never delete).
   */
  @JsonIgnore
  public java.util.OptionalInt effectiveTtlSecondsAfterFinished() {
    int value =
        ttlSecondsAfterFinished == null
            ? DEFAULT_TTL_SECONDS_AFTER_FINISHED
            : ttlSecondsAfterFinished;
    return value < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(value);
  }

  /** The signing method, or POST. */
  @JsonIgnore
  public UploadMethod effectiveMethod() {
    return method == null ? DEFAULT_METHOD : method;
  }

  /**
   * maxFileSize in bytes (fractions rounded down), or empty when there is no limit.
   *
   * @throws IllegalArgumentException when maxFileSize is not a valid quantity
   */
  @JsonIgnore
  public OptionalLong maxFileSizeBytes() {
    if (maxFileSize == null) {
      return OptionalLong.empty();
    }
    BigDecimal bytes;
    try {
      bytes = maxFileSize.getNumericalAmount();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "maxFileSize '" + maxFileSize + "' is not a valid quantity", e);
    }
    if (bytes.signum() < 0) {
      throw new IllegalArgumentException("maxFileSize '" + maxFileSize + "' is negative");
    }
    BigDecimal whole = bytes.setScale(0, RoundingMode.FLOOR);
    return whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
        ? OptionalLong.of(Long.MAX_VALUE)
        : OptionalLong.of(whole.longValueExact());
  }

  /**
   * multipartThreshold in bytes (fractions rounded down), or 100 MiB when unset; never more than 5
   * GiB, the most one POST or PUT can carry.
   *
   * @throws IllegalArgumentException when multipartThreshold is not a valid quantity
   */
  @JsonIgnore
  public long effectiveMultipartThresholdBytes() {
    if (multipartThreshold == null) {
      return dev.presign.fields.FieldLimits.DEFAULT_MULTIPART_THRESHOLD_BYTES;
    }
    BigDecimal bytes;
    try {
      bytes = multipartThreshold.getNumericalAmount();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "multipartThreshold '" + multipartThreshold + "' is not a valid quantity", e);
    }
    if (bytes.signum() < 0) {
      throw new IllegalArgumentException(
          "multipartThreshold '" + multipartThreshold + "' is negative");
    }
    BigDecimal max = BigDecimal.valueOf(dev.presign.fields.FieldLimits.MAX_SINGLE_UPLOAD_BYTES);
    return bytes.setScale(0, RoundingMode.FLOOR).min(max).longValueExact();
  }

  /**
   * Whether a request may upload to {@code folder}: allowedUploadTo is empty, or lists the folder,
   * or the folder is the default folder. Trailing '/' are ignored on both sides.
   */
  public boolean allowsUploadTo(String folder) {
    if (allowedUploadTo == null || allowedUploadTo.isEmpty()) {
      return true;
    }
    String wanted = trimTrailingSlashes(folder);
    if (wanted.equals(trimTrailingSlashes(effectiveDefaultUploadTo()))) {
      return true;
    }
    return allowedUploadTo.stream()
        .map(UploadClassSpec::trimTrailingSlashes)
        .anyMatch(wanted::equals);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String trimTrailingSlashes(String s) {
    String result = s == null ? "" : s;
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public AddressingStyle getAddressingStyle() {
    return addressingStyle;
  }

  public void setAddressingStyle(AddressingStyle addressingStyle) {
    this.addressingStyle = addressingStyle;
  }

  public UploadCredentials getCredentials() {
    return credentials;
  }

  public void setCredentials(UploadCredentials credentials) {
    this.credentials = credentials;
  }

  public String getKeyPrefix() {
    return keyPrefix;
  }

  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  public String getDefaultUploadTo() {
    return defaultUploadTo;
  }

  public void setDefaultUploadTo(String defaultUploadTo) {
    this.defaultUploadTo = defaultUploadTo;
  }

  public List<String> getAllowedUploadTo() {
    return allowedUploadTo;
  }

  public void setAllowedUploadTo(List<String> allowedUploadTo) {
    this.allowedUploadTo = allowedUploadTo;
  }

  public Quantity getMaxFileSize() {
    return maxFileSize;
  }

  public void setMaxFileSize(Quantity maxFileSize) {
    this.maxFileSize = maxFileSize;
  }

  public Quantity getMultipartThreshold() {
    return multipartThreshold;
  }

  public void setMultipartThreshold(Quantity multipartThreshold) {
    this.multipartThreshold = multipartThreshold;
  }

  public List<String> getAllowedContentTypes() {
    return allowedContentTypes;
  }

  public void setAllowedContentTypes(List<String> allowedContentTypes) {
    this.allowedContentTypes = allowedContentTypes;
  }

  public Integer getDefaultExpiresInSeconds() {
    return defaultExpiresInSeconds;
  }

  public void setDefaultExpiresInSeconds(Integer defaultExpiresInSeconds) {
    this.defaultExpiresInSeconds = defaultExpiresInSeconds;
  }

  public Integer getMaxExpiresInSeconds() {
    return maxExpiresInSeconds;
  }

  public void setMaxExpiresInSeconds(Integer maxExpiresInSeconds) {
    this.maxExpiresInSeconds = maxExpiresInSeconds;
  }

  public Integer getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public UploadMethod getMethod() {
    return method;
  }

  public void setMethod(UploadMethod method) {
    this.method = method;
  }

  public Boolean getPutIfNoneMatch() {
    return putIfNoneMatch;
  }

  public void setPutIfNoneMatch(Boolean putIfNoneMatch) {
    this.putIfNoneMatch = putIfNoneMatch;
  }

  /** Whether presigned PUTs carry {@code If-None-Match: *} (default true). */
  @JsonIgnore
  public boolean effectivePutIfNoneMatch() {
    return putIfNoneMatch == null || putIfNoneMatch;
  }

  public FormDelivery getFormDelivery() {
    return formDelivery;
  }

  public void setFormDelivery(FormDelivery formDelivery) {
    this.formDelivery = formDelivery;
  }

  /** Where signed forms go, or {@link FormDelivery#STATUS}. */
  @JsonIgnore
  public FormDelivery effectiveFormDelivery() {
    return formDelivery == null ? FormDelivery.STATUS : formDelivery;
  }

  public Boolean getIsolateNamespaces() {
    return isolateNamespaces;
  }

  public void setIsolateNamespaces(Boolean isolateNamespaces) {
    this.isolateNamespaces = isolateNamespaces;
  }

  /**
   * Whether keys carry the request's namespace: isolateNamespaces, or, when omitted, whether a
   * namespaceSelector is set. Why that default: a class with a selector was made for chosen
   * namespaces, usually several, and folders any of them may name must not mix their files; a class
   * without one is what a single app installs first, and keeps the seed's key shape, which
   * consumers of the bucket (Django's storage, lifecycle rules) depend on. An empty selector ({})
   * counts as none, as it selects every namespace either way.
   */
  @JsonIgnore
  public boolean effectiveIsolateNamespaces() {
    if (isolateNamespaces != null) {
      return isolateNamespaces;
    }
    return namespaceSelector != null
        && ((namespaceSelector.getMatchLabels() != null
                && !namespaceSelector.getMatchLabels().isEmpty())
            || (namespaceSelector.getMatchExpressions() != null
                && !namespaceSelector.getMatchExpressions().isEmpty()));
  }

  public Integer getSuccessActionStatus() {
    return successActionStatus;
  }

  public void setSuccessActionStatus(Integer successActionStatus) {
    this.successActionStatus = successActionStatus;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof UploadClassSpec other
            && Objects.equals(bucket, other.bucket)
            && Objects.equals(region, other.region)
            && Objects.equals(endpoint, other.endpoint)
            && addressingStyle == other.addressingStyle
            && Objects.equals(credentials, other.credentials)
            && Objects.equals(keyPrefix, other.keyPrefix)
            && Objects.equals(defaultUploadTo, other.defaultUploadTo)
            && Objects.equals(allowedUploadTo, other.allowedUploadTo)
            && Objects.equals(maxFileSize, other.maxFileSize)
            && Objects.equals(multipartThreshold, other.multipartThreshold)
            && Objects.equals(allowedContentTypes, other.allowedContentTypes)
            && Objects.equals(defaultExpiresInSeconds, other.defaultExpiresInSeconds)
            && Objects.equals(maxExpiresInSeconds, other.maxExpiresInSeconds)
            && Objects.equals(ttlSecondsAfterFinished, other.ttlSecondsAfterFinished)
            && Objects.equals(namespaceSelector, other.namespaceSelector)
            && method == other.method
            && Objects.equals(successActionStatus, other.successActionStatus)
            && Objects.equals(putIfNoneMatch, other.putIfNoneMatch)
            && formDelivery == other.formDelivery
            && Objects.equals(isolateNamespaces, other.isolateNamespaces));
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        bucket,
        region,
        endpoint,
        addressingStyle,
        credentials,
        keyPrefix,
        defaultUploadTo,
        allowedUploadTo,
        maxFileSize,
        multipartThreshold,
        allowedContentTypes,
        defaultExpiresInSeconds,
        maxExpiresInSeconds,
        ttlSecondsAfterFinished,
        namespaceSelector,
        method,
        successActionStatus,
        putIfNoneMatch,
        formDelivery,
        isolateNamespaces);
  }

  @Override
  public String toString() {
    return "UploadClassSpec{bucket="
        + bucket
        + ", region="
        + region
        + ", endpoint="
        + (endpoint != null && ENDPOINT_USERINFO.matcher(endpoint).find()
            ? "(hidden: it has user:password@)"
            : endpoint)
        + ", addressingStyle="
        + addressingStyle
        + ", credentials="
        + credentials
        + ", keyPrefix="
        + keyPrefix
        + ", defaultUploadTo="
        + defaultUploadTo
        + ", allowedUploadTo="
        + allowedUploadTo
        + ", maxFileSize="
        + maxFileSize
        + ", multipartThreshold="
        + multipartThreshold
        + ", allowedContentTypes="
        + allowedContentTypes
        + ", defaultExpiresInSeconds="
        + defaultExpiresInSeconds
        + ", maxExpiresInSeconds="
        + maxExpiresInSeconds
        + ", ttlSecondsAfterFinished="
        + ttlSecondsAfterFinished
        + ", namespaceSelector="
        + namespaceSelector
        + ", method="
        + method
        + ", successActionStatus="
        + successActionStatus
        + ", formDelivery="
        + formDelivery
        + ", isolateNamespaces="
        + isolateNamespaces
        + "}";
  }
}
