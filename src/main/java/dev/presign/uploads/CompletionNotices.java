package dev.presign.uploads;

import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;

/**
 * What {@link UploadReporter} tells about finished uploads, for completion notifications
 * (UploadClass spec.notify): the one place every phase transition passes, whoever made it.
 */
public interface CompletionNotices {
  /**
   * Called with a terminal status before it is written: adds what records that a notification is
   * owed (so it is owed exactly when the phase is written, and a restart finds it).
   *
   * @return {@code next}, perhaps with more in it
   */
  UploadRequestStatus owed(UploadRequest read, UploadRequestStatus next);

  /** Called after a terminal status landed: the request as written. Must not block. */
  void finished(UploadRequest written);

  /** No notifications. */
  CompletionNotices NONE =
      new CompletionNotices() {
        @Override
        public UploadRequestStatus owed(UploadRequest read, UploadRequestStatus next) {
          return next;
        }

        @Override
        public void finished(UploadRequest written) {}
      };
}
