package dev.presign.uploads;

import dev.presign.api.v1alpha1.PresignedPost;
import dev.presign.api.v1alpha1.PresignedPut;
import dev.presign.api.v1alpha1.UploadRequestStatus;

/**
 * A signed form as handed to whoever may use it: a POST form or a PUT URL (at most one set), or
 * nothing. Its {@code toString} never shows the signature.
 */
public record SignedForm(PresignedPost post, PresignedPut put) {
  public static final SignedForm NONE = new SignedForm(null, null);

  /** The form a status carries (status delivery), or {@link #NONE}. */
  public static SignedForm inStatus(UploadRequestStatus status) {
    return status == null
        ? NONE
        : new SignedForm(status.getPresignedPost(), status.getPresignedPut());
  }

  public boolean isEmpty() {
    return post == null && put == null;
  }
}
