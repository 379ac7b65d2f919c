package dev.presign.bench;

import dev.presign.bench.MultipartPath.SentPart;
import dev.presign.bench.MultipartPath.StartedUpload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Uploads a file over a {@link MultipartPath} one part at a time (sign, PUT, next) and times each
 * step; before each part, a no-op round trip to the operator's HTTP server ({@link NoopProbe}),
 * timed apart and left out of the wall time. One part at a time is the worst case for the signer's
 * share: with several parts in flight, as Uppy sends them, signing overlaps other parts' transfers.
 */
final class MultipartUploadTimer {
  private final PartPutter putter;
  private final NoopProbe probe;

  MultipartUploadTimer(PartPutter putter, NoopProbe probe) {
    this.putter = putter;
    this.probe = probe;
  }

  /** The upload and the key it went to. */
  record Result(MultipartTimings timings, StartedUpload upload) {}

  /**
   * @param deadlineNanos {@link System#nanoTime()} after which the upload stops with a timeout
   */
  Result upload(MultipartPath path, GeneratedFile file, long deadlineNanos) throws Exception {
    long start = System.nanoTime();
    StartedUpload upload = path.create(file.fileName(), file.size());
    long createNanos = System.nanoTime() - start;
    int count = upload.partCount(file.size());
    long[] sign = new long[count];
    long[] put = new long[count];
    long[] noop = new long[count];
    byte[] buffer = new byte[(int) upload.partSize()];
    List<SentPart> parts = new ArrayList<>(count);
    for (int n = 1; n <= count; n++) {
      if (System.nanoTime() > deadlineNanos) {
        throw new TimeoutException(path.name() + ": out of time at part " + n + " of " + count);
      }
      // Not part of the upload: its time is taken out of the wall time below.
      noop[n - 1] = probe.roundTrip();
      long offset = (n - 1) * upload.partSize();
      int length = (int) Math.min(upload.partSize(), file.size() - offset);
      long t0 = System.nanoTime();
      String url = path.signPart(upload, n);
      long t1 = System.nanoTime();
      file.read(offset, buffer, length);
      long t2 = System.nanoTime();
      parts.add(new SentPart(n, putter.put(url, buffer, length, n)));
      long t3 = System.nanoTime();
      sign[n - 1] = t1 - t0;
      put[n - 1] = t3 - t2;
    }
    long t4 = System.nanoTime();
    path.complete(upload, parts);
    long end = System.nanoTime();
    long probes = java.util.Arrays.stream(noop).sum();
    return new Result(
        new MultipartTimings(
            path.name(), file.size(), createNanos, sign, put, noop, end - t4, end - start - probes),
        upload);
  }
}
