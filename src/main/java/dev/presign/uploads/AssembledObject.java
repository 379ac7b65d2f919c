package dev.presign.uploads;

import dev.presign.s3.StoredObject;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the object HeadObject found after a CompleteMultipartUpload that failed, timed out or
 * answered NoSuchUpload is this upload, assembled: S3 may have completed it on a call whose answer
 * was lost. It is when it has the file's exact size and, where S3 gives a multipart ETag ({@code
 * "<md5>-N"}), N is the upload's part count. Any other object is not trusted to be the upload.
 */
final class AssembledObject {
  /** A multipart object's ETag: the MD5 of the parts' MD5s, a dash, the number of parts. */
  private static final Pattern MULTIPART_ETAG = Pattern.compile("^\"?[0-9a-fA-F]+-(\\d{1,5})\"?$");

  /** What the object at the key says about a completion whose answer S3 did not give. */
  enum Verdict {
    /** The upload's object is there: continue to Uploaded through the one completion path. */
    ASSEMBLED,
    /** Nothing at the key: the upload was not completed. */
    ABSENT,
    /** An object is there, but not with this upload's size or part count. */
    OTHER
  }

  private AssembledObject() {}

  static Verdict judge(Optional<StoredObject> found, long fileSize, int partCount) {
    if (found.isEmpty()) {
      return Verdict.ABSENT;
    }
    StoredObject object = found.get();
    if (object.size() != fileSize) {
      return Verdict.OTHER;
    }
    Matcher multipart = MULTIPART_ETAG.matcher(object.etag() == null ? "" : object.etag().trim());
    if (multipart.matches() && Integer.parseInt(multipart.group(1)) != partCount) {
      return Verdict.OTHER;
    }
    return Verdict.ASSEMBLED;
  }
}
