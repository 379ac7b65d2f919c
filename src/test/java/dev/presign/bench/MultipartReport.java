package dev.presign.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.LongStream;

/**
 * The summary of a multipart benchmark run: every upload's line, the goals against the operator's
 * worst round, and per round what the operator adds over the SDK baseline of the same round (step
 * by step: S3's own work is in both and cancels out).
 */
final class MultipartReport {
  private final List<MultipartTimings> results;
  private final double goalSignP99Millis;
  private final double goalShare;

  MultipartReport(List<MultipartTimings> results, double goalSignP99Millis, double goalShare) {
    this.results = results;
    this.goalSignP99Millis = goalSignP99Millis;
    this.goalShare = goalShare;
  }

  void print(PrintStream out, String title) {
    out.println();
    out.println("== " + title);
    results.forEach(r -> out.println(r.line()));
    List<MultipartTimings> operator = of("operator");
    List<MultipartTimings> sdk = of("AWS");
    if (operator.isEmpty() || sdk.size() != operator.size()) {
      out.println("(not both paths in every round: no goals and no comparison)");
      return;
    }
    double[] added = new double[operator.size()];
    for (int i = 0; i < operator.size(); i++) {
      MultipartTimings op = operator.get(i);
      MultipartTimings base = sdk.get(i);
      added[i] = (double) op.addedOverNanos(base) / op.wallNanos();
      out.printf(
          "round %d, operator minus SDK: create %+.1f ms, signing %+.1f ms in all (%d parts),"
              + " complete %+.1f ms = %+.1f ms, %.2f%% of the operator path's wall time;"
              + " wall %+.1f%%%n",
          i + 1,
          (op.createNanos() - base.createNanos()) / 1e6,
          (op.signTotalNanos() - base.signTotalNanos()) / 1e6,
          op.parts(),
          (op.completeNanos() - base.completeNanos()) / 1e6,
          op.addedOverNanos(base) / 1e6,
          100 * added[i],
          100.0 * (op.wallNanos() - base.wallNanos()) / base.wallNanos());
    }
    // Pooled over the rounds: with 205 parts a round, one round's p99 is its third-slowest call.
    LoadResult sign = pooled(operator, MultipartTimings::signNanos);
    LoadResult sdkSign = pooled(sdk, MultipartTimings::signNanos);
    LoadResult noop = pooled(operator, MultipartTimings::noopNanos);
    double signP99 = sign.percentileMillis(99);
    out.printf(
        "part signing through the HTTP API (%d calls): p50 %.2f ms, p99 %.2f ms (goal p99 <= %.0f"
            + " ms: %s); beside each, a no-op GET /healthz on the same server: p50 %.2f ms, p99"
            + " %.2f ms; the AWS SDK presigning in-process (%d): p50 %.2f ms, p99 %.2f ms%n",
        sign.latenciesNanos().length,
        sign.percentileMillis(50),
        signP99,
        goalSignP99Millis,
        signP99 <= goalSignP99Millis ? "met" : "NOT met",
        noop.percentileMillis(50),
        noop.percentileMillis(99),
        sdkSign.latenciesNanos().length,
        sdkSign.percentileMillis(50),
        sdkSign.percentileMillis(99));
    double raw =
        operator.stream().mapToDouble(MultipartTimings::outsideTransferShare).max().orElseThrow();
    double[] sorted = added.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    double worst = sorted[sorted.length - 1];
    out.printf(
        "create + signing + complete on the operator path: %.2f%% of the wall time (worst round;"
            + " S3Proxy's own Create/CompleteMultipartUpload included); what the operator adds"
            + " beyond the SDK doing the same steps: median %.2f%%, worst %.2f%% of the wall time"
            + " (goal <= %.0f%%: %s)%n",
        100 * raw,
        100 * median,
        100 * worst,
        100 * goalShare,
        worst <= goalShare ? "met" : "NOT met");
  }

  private static LoadResult pooled(
      List<MultipartTimings> rounds, Function<MultipartTimings, long[]> samples) {
    long[] all = rounds.stream().map(samples).flatMapToLong(LongStream::of).toArray();
    return new LoadResult("pooled", all, 0, 1);
  }

  private List<MultipartTimings> of(String prefix) {
    return results.stream().filter(r -> r.path().startsWith(prefix)).toList();
  }
}
