package dev.presign.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Memory of one JVM: heap used right after an explicit full GC, committed heap, non-heap
 * (metaspace, code cache), live threads, and the process's resident set (VmRSS) and its peak
 * (VmHWM) from /proc. RSS is read twice: before the GC (what the process held while working) and
 * after it.
 */
record MemoryFigures(
    long heapUsedAfterGc,
    long heapCommitted,
    long nonHeapUsed,
    int threads,
    long rssBeforeGc,
    long rssAfterGc,
    long rssPeak) {

  private static final long MIB = 1024 * 1024;

  /** Measures this JVM: RSS, then {@code System.gc()} twice, then heap and RSS again. */
  static MemoryFigures ofThisJvm() {
    long rssBefore = procStatus("self", "VmRSS");
    System.gc();
    System.gc();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    return new MemoryFigures(
        memory.getHeapMemoryUsage().getUsed(),
        memory.getHeapMemoryUsage().getCommitted(),
        memory.getNonHeapMemoryUsage().getUsed(),
        ManagementFactory.getThreadMXBean().getThreadCount(),
        rssBefore,
        procStatus("self", "VmRSS"),
        procStatus("self", "VmHWM"));
  }

  /** A field of /proc/{pid}/status in bytes (the kernel reports kB), or -1 when unreadable. */
  static long procStatus(String pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith(field + ":")) {
          String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** One line, {@code key=value ...}, for the child-to-parent protocol. */
  String toLine() {
    return "heapUsedAfterGc="
        + heapUsedAfterGc
        + " heapCommitted="
        + heapCommitted
        + " nonHeapUsed="
        + nonHeapUsed
        + " threads="
        + threads
        + " rssBeforeGc="
        + rssBeforeGc
        + " rssAfterGc="
        + rssAfterGc
        + " rssPeak="
        + rssPeak;
  }

  static MemoryFigures fromLine(String line) {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String part : line.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        values.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
      }
    }
    return new MemoryFigures(
        values.get("heapUsedAfterGc"),
        values.get("heapCommitted"),
        values.get("nonHeapUsed"),
        values.get("threads").intValue(),
        values.get("rssBeforeGc"),
        values.get("rssAfterGc"),
        values.get("rssPeak"));
  }

  static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format("%.1f MiB", bytes / (double) MIB);
  }

  String describe() {
    return "heap used after GC "
        + mib(heapUsedAfterGc)
        + " (committed "
        + mib(heapCommitted)
        + "), non-heap "
        + mib(nonHeapUsed)
        + ", threads "
        + threads
        + ", RSS "
        + mib(rssBeforeGc)
        + " before GC / "
        + mib(rssAfterGc)
        + " after GC, peak RSS "
        + mib(rssPeak);
  }
}
