package dev.presign.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The baseline: the same multipart upload with nothing between the client and S3 but the AWS SDK in
 * this JVM: CreateMultipartUpload and CompleteMultipartUpload by {@link S3Client}, each part's URL
 * presigned by {@link S3Presigner#presignUploadPart}. What the operator's path costs beyond this is
 * what the operator adds.
 */
final class SdkMultipartPath implements MultipartPath {
  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final AtomicInteger uploads = new AtomicInteger();

  SdkMultipartPath(S3Client s3, S3Presigner presigner, String bucket) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
  }

  @Override
  public String name() {
    return "AWS SDK in-process";
  }

  @Override
  public StartedUpload create(String fileName, long size) {
    String key = "bench/sdk-" + uploads.incrementAndGet() + "-" + fileName;
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    return new StartedUpload(key, uploadId, MultipartPath.defaultPartSize(size));
  }

  @Override
  public String signPart(StartedUpload upload, int partNumber) {
    return presigner
        .presignUploadPart(
            p ->
                p.signatureDuration(Duration.ofMinutes(15))
                    .uploadPartRequest(
                        r ->
                            r.bucket(bucket)
                                .key(upload.key())
                                .uploadId(upload.uploadId())
                                .partNumber(partNumber)))
        .url()
        .toString();
  }

  @Override
  public void complete(StartedUpload upload, List<SentPart> parts) {
    s3.completeMultipartUpload(
        b ->
            b.bucket(bucket)
                .key(upload.key())
                .uploadId(upload.uploadId())
                .multipartUpload(
                    m ->
                        m.parts(
                            parts.stream()
                                .map(
                                    p ->
                                        CompletedPart.builder()
                                            .partNumber(p.partNumber())
                                            .eTag(p.etag())
                                            .build())
                                .toList())));
  }
}
