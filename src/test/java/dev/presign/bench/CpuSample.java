package dev.presign.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * CPU used by this JVM, by the operator child and by the whole machine, at one instant. The
 * difference of two samples shows how much of the machine the benchmark got: other work runs on the
 * same machine, so wall time alone can mislead.
 */
record CpuSample(
    long wallNanos, long selfCpuNanos, long childCpuNanos, long machineBusy, long machineTotal) {

  static CpuSample take(ProcessHandle child) {
    long[] machine = machineTicks();
    return new CpuSample(
        System.nanoTime(),
        cpu(ProcessHandle.current()),
        child == null ? 0 : cpu(child),
        machine[0],
        machine[1]);
  }

  private static long cpu(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** Busy and total jiffies of all CPUs from /proc/stat (busy = all but idle and iowait). */
  private static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** What happened between {@code this} and {@code later}, in one line. */
  String until(CpuSample later) {
    double wall = (later.wallNanos - wallNanos) / 1e9;
    double self = (later.selfCpuNanos - selfCpuNanos) / 1e9;
    double child = (later.childCpuNanos - childCpuNanos) / 1e9;
    long total = later.machineTotal - machineTotal;
    double busy = total == 0 ? 0 : (later.machineBusy - machineBusy) / (double) total;
    int cores = Runtime.getRuntime().availableProcessors();
    double ours = wall == 0 ? 0 : (self + child) / (wall * cores);
    return String.format(
        Locale.ROOT,
        "CPU over %.1f s: benchmark JVM (API server, S3Proxy, client) %.1f core-s, operator JVM %.1f"
            + " core-s; machine %.0f%% busy, %.0f%% of it by these two",
        wall,
        self,
        child,
        busy * 100,
        busy == 0 ? 0 : ours / busy * 100);
  }

  double selfCoreSeconds(CpuSample later) {
    return (later.selfCpuNanos - selfCpuNanos) / 1e9;
  }

  double childCoreSeconds(CpuSample later) {
    return (later.childCpuNanos - childCpuNanos) / 1e9;
  }
}
