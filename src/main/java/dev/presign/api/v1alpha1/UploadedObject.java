package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The stored object as HeadObject reported it after the upload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UploadedObject {

  @JsonPropertyDescription("Size of the stored object in bytes (equals spec.fileSize).")
  private Long size;

  @JsonPropertyDescription("ETag of the stored object as reported by HeadObject.")
  private String etag;

  @JsonPropertyDescription("Content-Type the object was stored with.")
  private String contentType;

  @JsonPropertyDescription(
      "VersionId of the stored object when the bucket is versioned; download links are signed for"
          + " this version, so later writes to the key are never served in its place.")
  private String versionId;

  public UploadedObject() {}

  public UploadedObject(Long size, String etag, String contentType) {
    this.size = size;
    this.etag = etag;
    this.contentType = contentType;
  }

  public UploadedObject(Long size, String etag, String contentType, String versionId) {
    this(size, etag, contentType);
    this.versionId = versionId;
  }

  public String getVersionId() {
    return versionId;
  }

  public void setVersionId(String versionId) {
    this.versionId = versionId;
  }

  public Long getSize() {
    return size;
  }

  public void setSize(Long size) {
    this.size = size;
  }

  public String getEtag() {
    return etag;
  }

  public void setEtag(String etag) {
    this.etag = etag;
  }

  public String getContentType() {
    return contentType;
  }

  public void setContentType(String contentType) {
    this.contentType = contentType;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof UploadedObject other
            && Objects.equals(size, other.size)
            && Objects.equals(etag, other.etag)
            && Objects.equals(contentType, other.contentType)
            && Objects.equals(versionId, other.versionId));
  }

  @Override
  public int hashCode() {
    return Objects.hash(size, etag, contentType, versionId);
  }

  @Override
  public String toString() {
    return "UploadedObject{size="
        + size
        + ", etag="
        + etag
        + ", contentType="
        + contentType
        + ", versionId="
        + versionId
        + "}";
  }
}
