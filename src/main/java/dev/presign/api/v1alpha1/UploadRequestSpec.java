package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.presign.api.v1alpha1.schema.DeepMergeSchemaCustomizer;
import dev.presign.fields.FieldLimits;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import java.util.Objects;

/**
 * What to upload. Immutable after create (a CEL transition rule); a different upload is a new
 * UploadRequest. Every string is bounded so the API server's CEL cost estimate stays small.
 * Defaults come from the UploadClass, so they are resolved by the operator, not here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = UploadRequestSpec.IMMUTABLE_MESSAGE)
// Bounds that the generator annotations cannot express: the length of metadata values.
@SchemaCustomizer(
    value = DeepMergeSchemaCustomizer.class,
    input =
        "{\"properties\":{\"metadata\":{\"additionalProperties\":{\"maxLength\":"
            + SchemaConstraints.MAX_METADATA_VALUE_LENGTH
            + "}}}}")
public class UploadRequestSpec {

  /** Message of the immutability rule, as the API server reports it. */
  public static final String IMMUTABLE_MESSAGE = "spec is immutable; create a new UploadRequest";

  @Size(min = 1, max = SchemaConstraints.MAX_NAME_LENGTH)
  @Pattern(SchemaConstraints.DNS_SUBDOMAIN_PATTERN)
  @JsonPropertyDescription(
      "Name of the UploadClass to upload with. Omitted: the class annotated"
          + " uploads.presign.dev/is-default-class: \"true\" (the request fails with reason"
          + " NoDefaultClass when there is none, ClassNotFound when the named class does not"
          + " exist).")
  private String uploadClassName;

  @Required
  @Size(min = 1, max = SchemaConstraints.MAX_ORIGINAL_FILE_NAME_LENGTH)
  @JsonPropertyDescription(
      "Name of the file on the uploader's side, e.g. 'lorem-ipsum.pdf'. Required, 1-"
          + SchemaConstraints.MAX_ORIGINAL_FILE_NAME_LENGTH
          + " characters. Only used to build the object name (UUID-SLUG.EXTENSION, e.g."
          + " 90bd...-lorem-ipsum.pdf) and to guess the content type; any name is accepted and"
          + " can never leave the key prefix.")
  private String originalFileName;

  @Required
  @Min(1)
  @Max(FieldLimits.MAX_OBJECT_BYTES)
  @JsonPropertyDescription(
      "Exact size of the file in bytes. Required, 1 to "
          + FieldLimits.MAX_OBJECT_BYTES
          + " (5 TiB, S3's object limit); one POST or PUT takes at most "
          + FieldLimits.MAX_SINGLE_UPLOAD_BYTES
          + " (5 GiB), larger files need multipart. The signed upload accepts exactly this many"
          + " bytes, and the upload counts as done only when the stored object has this size."
          + " Must not exceed the class's maxFileSize (reason FileTooLarge).")
  private Long fileSize;

  @JsonPropertyDescription(
      "true: a multipart upload (S3 CreateMultipartUpload; parts are signed on demand, see"
          + " status.multipart); false: one POST or PUT (at most 5 GiB). Omitted: multipart when"
          + " fileSize is more than the class's multipartThreshold (100Mi unless set).")
  private Boolean multipart;

  @Min(FieldLimits.MIN_PART_BYTES)
  @Max(FieldLimits.MAX_PART_BYTES)
  @JsonPropertyDescription(
      "Multipart only: bytes of every part but the last, "
          + FieldLimits.MIN_PART_BYTES
          + " (5 MiB) to "
          + FieldLimits.MAX_PART_BYTES
          + " (5 GiB), and large enough for at most "
          + FieldLimits.MAX_PARTS
          + " parts. Omitted: max(5 MiB, ceil(fileSize / 10000)), what @uppy/aws-s3 computes.")
  private Long partSize;

  @Size(min = 1, max = SchemaConstraints.MAX_CONTENT_TYPE_LENGTH)
  @Pattern(SchemaConstraints.CONTENT_TYPE_PATTERN)
  @JsonPropertyDescription(
      "MIME type of the file, e.g. 'application/pdf'. Omitted: derived from the extension of"
          + " originalFileName (application/octet-stream when unknown). The uploader must send"
          + " exactly this Content-Type. Must be allowed by the class's allowedContentTypes. At"
          + " most "
          + SchemaConstraints.MAX_CONTENT_TYPE_LENGTH
          + " characters.")
  private String contentType;

  @Size(min = 1, max = SchemaConstraints.MAX_FOLDER_LENGTH)
  @Pattern(SchemaConstraints.UPLOAD_TO_PATTERN)
  @JsonPropertyDescription(
      "Folder of the object below the class's keyPrefix, e.g. 'avatars/2024'. Omitted: the"
          + " class's defaultUploadTo ('uploads' unless set). Folder segments separated by '/'"
          + " (letters, digits, '.', '_', '-'; a segment does not start with '.'). Must be"
          + " allowed by the class's allowedUploadTo. At most "
          + SchemaConstraints.MAX_FOLDER_LENGTH
          + " characters.")
  private String uploadTo;

  @Min(1)
  @Max(SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS)
  @JsonPropertyDescription(
      "How long the signed upload stays valid, in seconds, 1-"
          + SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS
          + ". Omitted: the class's"
          + " defaultExpiresInSeconds (3600 unless set). More than the class's"
          + " maxExpiresInSeconds fails with reason ExpiryTooLong; temporary credentials can make"
          + " it shorter.")
  private Integer expiresInSeconds;

  @JsonPropertyDescription(
      "'POST' (a signed browser form, in status.presignedPost) or 'PUT' (a presigned URL, in"
          + " status.presignedPut). Omitted: the class's method ('POST' unless set).")
  private UploadMethod method;

  @Size(max = SchemaConstraints.MAX_METADATA_ENTRIES)
  @ValidationRule(
      value = "self.all(k, size(k) <= " + SchemaConstraints.MAX_METADATA_KEY_LENGTH + ")",
      message =
          "metadata keys must be at most "
              + SchemaConstraints.MAX_METADATA_KEY_LENGTH
              + " characters")
  @JsonPropertyDescription(
      "User metadata stored with the object as x-amz-meta-KEY headers, signed with exact"
          + " values. At most "
          + SchemaConstraints.MAX_METADATA_ENTRIES
          + " entries; keys of lowercase letters, digits and '-' (at most "
          + SchemaConstraints.MAX_METADATA_KEY_LENGTH
          + " characters), values of at most "
          + SchemaConstraints.MAX_METADATA_VALUE_LENGTH
          + " characters; S3 limits all user metadata of an object to "
          + FieldLimits.MAX_METADATA_BYTES / 1024
          + " KB.")
  private Map<String, String> metadata;

  @JsonProperty("checksumSHA256")
  @Size(
      min = SchemaConstraints.CHECKSUM_SHA256_LENGTH,
      max = SchemaConstraints.CHECKSUM_SHA256_LENGTH)
  @Pattern(SchemaConstraints.CHECKSUM_SHA256_PATTERN)
  @JsonPropertyDescription(
      "Base64-encoded SHA-256 of the file ("
          + SchemaConstraints.CHECKSUM_SHA256_LENGTH
          + " characters ending in '='). When set, it is signed"
          + " into the upload (x-amz-checksum-sha256) and S3 rejects bytes that do not match.")
  private String checksumSHA256;

  public UploadRequestSpec() {}

  public UploadRequestSpec(String originalFileName, long fileSize) {
    this.originalFileName = originalFileName;
    this.fileSize = fileSize;
  }

  public String getUploadClassName() {
    return uploadClassName;
  }

  public void setUploadClassName(String uploadClassName) {
    this.uploadClassName = uploadClassName;
  }

  public String getOriginalFileName() {
    return originalFileName;
  }

  public void setOriginalFileName(String originalFileName) {
    this.originalFileName = originalFileName;
  }

  public Long getFileSize() {
    return fileSize;
  }

  public void setFileSize(Long fileSize) {
    this.fileSize = fileSize;
  }

  public Boolean getMultipart() {
    return multipart;
  }

  public void setMultipart(Boolean multipart) {
    this.multipart = multipart;
  }

  public Long getPartSize() {
    return partSize;
  }

  public void setPartSize(Long partSize) {
    this.partSize = partSize;
  }

  public String getContentType() {
    return contentType;
  }

  public void setContentType(String contentType) {
    this.contentType = contentType;
  }

  public String getUploadTo() {
    return uploadTo;
  }

  public void setUploadTo(String uploadTo) {
    this.uploadTo = uploadTo;
  }

  public Integer getExpiresInSeconds() {
    return expiresInSeconds;
  }

  public void setExpiresInSeconds(Integer expiresInSeconds) {
    this.expiresInSeconds = expiresInSeconds;
  }

  public UploadMethod getMethod() {
    return method;
  }

  public void setMethod(UploadMethod method) {
    this.method = method;
  }

  public Map<String, String> getMetadata() {
    return metadata;
  }

  public void setMetadata(Map<String, String> metadata) {
    this.metadata = metadata;
  }

  @JsonProperty("checksumSHA256")
  public String getChecksumSHA256() {
    return checksumSHA256;
  }

  @JsonProperty("checksumSHA256")
  public void setChecksumSHA256(String checksumSHA256) {
    this.checksumSHA256 = checksumSHA256;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof UploadRequestSpec other
            && Objects.equals(uploadClassName, other.uploadClassName)
            && Objects.equals(originalFileName, other.originalFileName)
            && Objects.equals(fileSize, other.fileSize)
            && Objects.equals(multipart, other.multipart)
            && Objects.equals(partSize, other.partSize)
            && Objects.equals(contentType, other.contentType)
            && Objects.equals(uploadTo, other.uploadTo)
            && Objects.equals(expiresInSeconds, other.expiresInSeconds)
            && method == other.method
            && Objects.equals(metadata, other.metadata)
            && Objects.equals(checksumSHA256, other.checksumSHA256));
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        uploadClassName,
        originalFileName,
        fileSize,
        multipart,
        partSize,
        contentType,
        uploadTo,
        expiresInSeconds,
        method,
        metadata,
        checksumSHA256);
  }

  @Override
  public String toString() {
    return "UploadRequestSpec{uploadClassName="
        + uploadClassName
        + ", originalFileName="
        + originalFileName
        + ", fileSize="
        + fileSize
        + ", multipart="
        + multipart
        + ", partSize="
        + partSize
        + ", contentType="
        + contentType
        + ", uploadTo="
        + uploadTo
        + ", expiresInSeconds="
        + expiresInSeconds
        + ", method="
        + method
        + ", metadata="
        + metadata
        + ", checksumSHA256="
        + checksumSHA256
        + "}";
  }
}
