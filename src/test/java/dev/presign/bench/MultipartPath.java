package dev.presign.bench;

import java.util.List;

/**
 * One way to run a multipart upload: start it, sign each part, complete it. The benchmark drives
 * the operator's HTTP API and the AWS SDK in-process through this same interface, so both are timed
 * by the same loop ({@link MultipartUploadTimer}) and their figures compare.
 */
interface MultipartPath {
  /** A short name for the report. */
  String name();

  /** Starts a multipart upload of {@code size} bytes. */
  StartedUpload create(String fileName, long size) throws Exception;

  /** A URL that accepts a PUT of part {@code partNumber}'s bytes. */
  String signPart(StartedUpload upload, int partNumber) throws Exception;

  /** Completes the upload from these parts. */
  void complete(StartedUpload upload, List<SentPart> parts) throws Exception;

  /** A started upload: its object key, S3 uploadId and part size. */
  record StartedUpload(String key, String uploadId, long partSize) {
    int partCount(long size) {
      return (int) ((size + partSize - 1) / partSize);
    }
  }

  /** A part S3 accepted, as the client reports it at completion. */
  record SentPart(int partNumber, String etag) {}

  /**
   * The part size the contract and {@code @uppy/aws-s3} 6.x pick when the client does not: {@code
   * max(5 MiB, ceil(size / 10000))}.
   */
  static long defaultPartSize(long size) {
    return Math.max(5L * 1024 * 1024, (size + 9_999) / 10_000);
  }
}
