package dev.presign.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * The summary of a multipart benchmark run: every upload's line, then the goals against the
 * operator's worst round, then what the operator adds over the SDK baseline of the same round.
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
    double signP99 =
        operator.stream().mapToDouble(r -> r.signPercentileMillis(99)).max().orElseThrow();
    double sdkSignP99 =
        sdk.stream().mapToDouble(r -> r.signPercentileMillis(99)).max().orElseThrow();
    out.printf(
        "part signing p99 through the HTTP API: %.2f ms (goal <= %.0f ms: %s);"
            + " the AWS SDK presigning in-process: %.2f ms%n",
        signP99, goalSignP99Millis, signP99 <= goalSignP99Millis ? "met" : "NOT met", sdkSignP99);
    double added = 0;
    double raw = 0;
    for (int i = 0; i < operator.size(); i++) {
      MultipartTimings op = operator.get(i);
      added = Math.max(added, (double) op.addedOverNanos(sdk.get(i)) / op.wallNanos());
      raw = Math.max(raw, op.outsideTransferShare());
    }
    out.printf(
        "create + signing + complete, share of the wall time: %.2f%% (S3's own Create and"
            + " CompleteMultipartUpload included); beyond the same steps by the AWS SDK:"
            + " %.2f%% (goal <= %.0f%%: %s)%n",
        100 * raw, 100 * added, 100 * goalShare, added <= goalShare ? "met" : "NOT met");
    double operatorWall = operator.stream().mapToLong(MultipartTimings::wallNanos).sum();
    double sdkWall = sdk.stream().mapToLong(MultipartTimings::wallNanos).sum();
    out.printf(
        "wall time, operator path / SDK baseline: %.3f (%+.1f%%)%n",
        operatorWall / sdkWall, 100 * (operatorWall / sdkWall - 1));
  }

  private List<MultipartTimings> of(String prefix) {
    return results.stream().filter(r -> r.path().startsWith(prefix)).toList();
  }
}
