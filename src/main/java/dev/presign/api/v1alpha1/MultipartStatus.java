package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * The S3 multipart upload of an Issued multipart request. No URL is stored: parts are signed on
 * demand, one at a time, by the HTTP API, so nothing here is a credential.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MultipartStatus {

  @JsonPropertyDescription(
      "The UploadId S3 gave CreateMultipartUpload. Not a credential: parts are signed on demand"
          + " by the HTTP API (/s3/multipart/{uploadId}/{partNumber}) for this request's own key.")
  private String uploadId;

  @JsonPropertyDescription("Bytes of every part but the last.")
  private Long partSize;

  @JsonPropertyDescription("Number of parts: ceil(spec.fileSize / partSize), at most 10000.")
  private Integer partCount;

  public MultipartStatus() {}

  public MultipartStatus(String uploadId, long partSize, int partCount) {
    this.uploadId = uploadId;
    this.partSize = partSize;
    this.partCount = partCount;
  }

  public String getUploadId() {
    return uploadId;
  }

  public void setUploadId(String uploadId) {
    this.uploadId = uploadId;
  }

  public Long getPartSize() {
    return partSize;
  }

  public void setPartSize(Long partSize) {
    this.partSize = partSize;
  }

  public Integer getPartCount() {
    return partCount;
  }

  public void setPartCount(Integer partCount) {
    this.partCount = partCount;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof MultipartStatus other
            && Objects.equals(uploadId, other.uploadId)
            && Objects.equals(partSize, other.partSize)
            && Objects.equals(partCount, other.partCount));
  }

  @Override
  public int hashCode() {
    return Objects.hash(uploadId, partSize, partCount);
  }

  @Override
  public String toString() {
    return "MultipartStatus{uploadId="
        + uploadId
        + ", partSize="
        + partSize
        + ", partCount="
        + partCount
        + "}";
  }
}
