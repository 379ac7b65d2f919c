package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.presign.api.v1alpha1.schema.ConditionListSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The signed upload and its progress. Field names follow the seed HTTP API (id, fileName, fileType,
 * uploadTo, presignedPost) so the HTTP layer can copy them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UploadRequestStatus {

  @JsonPropertyDescription(
      "Lifecycle phase: Pending (accepted) -> Issued (signed, waiting for the upload) ->"
          + " Uploaded (the object is stored and matches); or Expired (not uploaded before"
          + " expiresAt) or Failed (see the Ready condition's reason and message). Uploaded,"
          + " Expired and Failed are final.")
  private Phase phase;

  @JsonPropertyDescription("Identifier of the upload: the UploadRequest's metadata.uid.")
  private String id;

  @JsonPropertyDescription(
      "Name of the UploadClass actually used (spec.uploadClassName or the default class).")
  private String uploadClassName;

  @JsonPropertyDescription(
      "Object name chosen by the operator: UUID-SLUG.EXTENSION, e.g."
          + " 90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf.")
  private String fileName;

  @JsonPropertyDescription(
      "Full object key: KEY_PREFIX + UPLOAD_TO + '/' + FILE_NAME, e.g."
          + " media/uploads/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf.")
  private String key;

  @JsonPropertyDescription("Bucket the object is uploaded to.")
  private String bucket;

  @JsonPropertyDescription(
      "Content type that was signed (spec.contentType or the one derived from the file name);"
          + " the uploader must send exactly this Content-Type.")
  private String fileType;

  @JsonPropertyDescription("Folder that was used (spec.uploadTo or the class's defaultUploadTo).")
  private String uploadTo;

  @JsonPropertyDescription(
      "Signed browser form, when the method is POST: POST 'fields' and then the file as the"
          + " last field 'file' to 'url'.")
  private PresignedPost presignedPost;

  @JsonPropertyDescription(
      "Presigned PUT, when the method is PUT: send the file as the body to 'url' with"
          + " 'headers'.")
  private PresignedPut presignedPut;

  @JsonPropertyDescription(
      "The S3 multipart upload, when the request is multipart (spec.multipart, or a fileSize over"
          + " the class's multipartThreshold): its uploadId, partSize and partCount. Such a request"
          + " has no presignedPost or presignedPut: each part is signed on demand by the HTTP API"
          + " (/s3/multipart/{uploadId}/{partNumber}), and the operator completes the upload.")
  private MultipartStatus multipart;

  @JsonPropertyDescription(
      "Name of the Secret in this namespace that holds the signed form, when the class delivers"
          + " forms in a Secret (UploadClass spec.formDelivery: Secret): its keys presignedPost or"
          + " presignedPut hold the JSON that would otherwise be in this status. Owned by the"
          + " UploadRequest; emptied when the upload is finished.")
  private String formSecretName;

  @JsonPropertyDescription("When the upload was signed (RFC 3339).")
  private String issuedAt;

  @JsonPropertyDescription(
      "When the signed form or URL stops working (RFC 3339); not uploaded by then means"
          + " Expired.")
  private String expiresAt;

  @JsonPropertyDescription("When the operator saw the stored object (RFC 3339).")
  private String uploadedAt;

  @JsonPropertyDescription("The stored object as HeadObject reported it, once Uploaded.")
  private UploadedObject object;

  @JsonPropertyDescription(
      "Who asked for the upload: the Kubernetes user or ServiceAccount of an HTTP API call"
          + " (e.g. system:serviceaccount:shop:web).")
  private String createdBy;

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @SchemaFrom(type = ConditionListSchema.class)
  @JsonPropertyDescription(
      "Latest observations. Ready's reason names the phase (Pending, Issued, Uploaded, Expired)"
          + " or the failure (e.g. ClassNotFound, FileTooLarge, CredentialsInvalid); Failed and"
          + " Denied carry the details of a failure or of a refusal by the class's policy.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "When the operator will next look for the uploaded object (RFC 3339). Informational.")
  private String nextCheckAt;

  /** The condition of the given type, if present. */
  public Optional<Condition> findCondition(String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getUploadClassName() {
    return uploadClassName;
  }

  public void setUploadClassName(String uploadClassName) {
    this.uploadClassName = uploadClassName;
  }

  public String getFileName() {
    return fileName;
  }

  public void setFileName(String fileName) {
    this.fileName = fileName;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getFileType() {
    return fileType;
  }

  public void setFileType(String fileType) {
    this.fileType = fileType;
  }

  public String getUploadTo() {
    return uploadTo;
  }

  public void setUploadTo(String uploadTo) {
    this.uploadTo = uploadTo;
  }

  public PresignedPost getPresignedPost() {
    return presignedPost;
  }

  public void setPresignedPost(PresignedPost presignedPost) {
    this.presignedPost = presignedPost;
  }

  public PresignedPut getPresignedPut() {
    return presignedPut;
  }

  public void setPresignedPut(PresignedPut presignedPut) {
    this.presignedPut = presignedPut;
  }

  public MultipartStatus getMultipart() {
    return multipart;
  }

  public void setMultipart(MultipartStatus multipart) {
    this.multipart = multipart;
  }

  public String getIssuedAt() {
    return issuedAt;
  }

  public void setIssuedAt(String issuedAt) {
    this.issuedAt = issuedAt;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getUploadedAt() {
    return uploadedAt;
  }

  public void setUploadedAt(String uploadedAt) {
    this.uploadedAt = uploadedAt;
  }

  public UploadedObject getObject() {
    return object;
  }

  public void setObject(UploadedObject object) {
    this.object = object;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public void setCreatedBy(String createdBy) {
    this.createdBy = createdBy;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getFormSecretName() {
    return formSecretName;
  }

  public void setFormSecretName(String formSecretName) {
    this.formSecretName = formSecretName;
  }

  public String getNextCheckAt() {
    return nextCheckAt;
  }

  public void setNextCheckAt(String nextCheckAt) {
    this.nextCheckAt = nextCheckAt;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof UploadRequestStatus other
            && phase == other.phase
            && Objects.equals(id, other.id)
            && Objects.equals(uploadClassName, other.uploadClassName)
            && Objects.equals(fileName, other.fileName)
            && Objects.equals(key, other.key)
            && Objects.equals(bucket, other.bucket)
            && Objects.equals(fileType, other.fileType)
            && Objects.equals(uploadTo, other.uploadTo)
            && Objects.equals(presignedPost, other.presignedPost)
            && Objects.equals(presignedPut, other.presignedPut)
            && Objects.equals(multipart, other.multipart)
            && Objects.equals(formSecretName, other.formSecretName)
            && Objects.equals(issuedAt, other.issuedAt)
            && Objects.equals(expiresAt, other.expiresAt)
            && Objects.equals(uploadedAt, other.uploadedAt)
            && Objects.equals(object, other.object)
            && Objects.equals(createdBy, other.createdBy)
            && Objects.equals(observedGeneration, other.observedGeneration)
            && Objects.equals(conditions, other.conditions)
            && Objects.equals(nextCheckAt, other.nextCheckAt));
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        phase,
        id,
        uploadClassName,
        fileName,
        key,
        bucket,
        fileType,
        uploadTo,
        presignedPost,
        presignedPut,
        multipart,
        formSecretName,
        issuedAt,
        expiresAt,
        uploadedAt,
        object,
        createdBy,
        observedGeneration,
        conditions,
        nextCheckAt);
  }

  @Override
  public String toString() {
    return "UploadRequestStatus{phase="
        + phase
        + ", id="
        + id
        + ", uploadClassName="
        + uploadClassName
        + ", key="
        + key
        + ", bucket="
        + bucket
        + ", fileType="
        + fileType
        + ", presignedPost="
        + presignedPost
        + ", presignedPut="
        + presignedPut
        + ", multipart="
        + multipart
        + ", formSecretName="
        + formSecretName
        + ", issuedAt="
        + issuedAt
        + ", expiresAt="
        + expiresAt
        + ", uploadedAt="
        + uploadedAt
        + ", object="
        + object
        + ", observedGeneration="
        + observedGeneration
        + ", conditions="
        + conditions
        + "}";
  }
}
