package dev.presign.uploads;

import dev.presign.api.v1alpha1.Reasons;
import dev.presign.fields.FieldLimits;
import dev.presign.fields.UploadField;

/**
 * How a multipart upload is cut into parts, within S3's limits: every part but the last at least 5
 * MiB and at most 5 GiB, at most 10,000 parts. Without a choice of the client's: {@code max(5 MiB,
 * ceil(fileSize / 10000))}, what {@code @uppy/aws-s3} computes too, so a Uppy client with default
 * options cuts the file exactly where the signed part lengths expect it.
 */
public final class PartSizeRule {

  /**
   * @param requested the client's part size (spec.partSize), or null
   * @throws ViolationException naming spec.partSize (or spec.fileSize) when no valid plan exists
   */
  public PartPlan plan(long fileSize, Long requested) {
    if (fileSize < 1 || fileSize > FieldLimits.MAX_OBJECT_BYTES) {
      throw invalid(
          UploadField.FILE_SIZE,
          "must be from 1 to "
              + FieldLimits.MAX_OBJECT_BYTES
              + " bytes (5 TiB, S3's object limit)");
    }
    long smallestForCount = ceilDiv(fileSize, FieldLimits.MAX_PARTS);
    if (requested == null) {
      long size = Math.max(FieldLimits.MIN_PART_BYTES, smallestForCount);
      return new PartPlan(size, partCount(fileSize, size));
    }
    long smallest = Math.max(FieldLimits.MIN_PART_BYTES, smallestForCount);
    if (requested < smallest || requested > FieldLimits.MAX_PART_BYTES) {
      throw invalid(
          UploadField.PART_SIZE,
          "must be from "
              + smallest
              + " to "
              + FieldLimits.MAX_PART_BYTES
              + " bytes for a file of "
              + fileSize
              + " bytes (parts of 5 MiB to 5 GiB, at most "
              + FieldLimits.MAX_PARTS
              + " parts), or omitted for "
              + smallest);
    }
    return new PartPlan(requested, partCount(fileSize, requested));
  }

  private static int partCount(long fileSize, long partSize) {
    return Math.toIntExact(ceilDiv(fileSize, partSize));
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static ViolationException invalid(UploadField field, String message) {
    return new ViolationException(Violation.failed(Reasons.INVALID_SPEC, field, message));
  }

  /** Parts of {@code partSize} bytes, the last one shorter when the size does not divide. */
  public record PartPlan(long partSize, int partCount) {
    /** Exact length of part {@code partNumber} (1..partCount) of a file of {@code fileSize}. */
    public long lengthOf(int partNumber, long fileSize) {
      if (partNumber < 1 || partNumber > partCount) {
        throw new IllegalArgumentException("part " + partNumber + " of " + partCount);
      }
      return partNumber < partCount ? partSize : fileSize - partSize * (partCount - 1L);
    }
  }
}
