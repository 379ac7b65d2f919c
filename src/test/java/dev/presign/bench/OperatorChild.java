package dev.presign.bench;

import dev.presign.testing.OperatorJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's handle on an {@link OperatorProcess} child JVM: an {@link OperatorJvm} speaking
 * the {@code BENCH} protocol, with the AWS SDK interceptor that counts S3 calls on the child's
 * classpath, and the memory questions the benchmark asks.
 */
final class OperatorChild implements AutoCloseable {
  private final OperatorJvm jvm;

  private OperatorChild(OperatorJvm jvm) {
    this.jvm = jvm;
  }

  /**
   * Starts the child and waits for it to be ready.
   *
   * @param mode {@code operator} or {@code idle}
   */
  static OperatorChild start(
      String apiServerUrl,
      String mode,
      List<String> jvmOptions,
      Map<String, String> environment,
      Path log,
      Duration startTimeout)
      throws Exception {
    return new OperatorChild(
        OperatorJvm.start(
            new OperatorJvm.Launch(
                OperatorProcess.class.getName(),
                List.of(apiServerUrl, mode),
                jvmOptions,
                List.of(interceptorDirectory(log.getParent())),
                environment,
                OperatorProcess.PREFIX,
                log,
                startTimeout)));
  }

  /** A folder holding only the file that makes the child's AWS SDK load {@link S3CallCounter}. */
  private static Path interceptorDirectory(Path under) throws IOException {
    Path directory = under.resolve("child-classpath");
    Path file = directory.resolve(S3CallCounter.INTERCEPTORS_RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, S3CallCounter.class.getName() + "\n", StandardCharsets.UTF_8);
    return directory;
  }

  long pid() {
    return jvm.pid();
  }

  ProcessHandle handle() {
    return jvm.handle();
  }

  /** The S3 calls the child made so far, {@code Operation=count ...}. */
  String s3Calls(Duration timeout) throws Exception {
    jvm.send("stats");
    return jvm.awaitMessage("stats", timeout).substring("stats".length()).trim();
  }

  String readyLine() {
    return jvm.readyLine();
  }

  /** Asks the child for its memory figures (it runs a GC first). */
  MemoryFigures memory(Duration timeout) throws Exception {
    jvm.send("memory");
    return MemoryFigures.fromLine(jvm.awaitMessage("memory", timeout).substring("memory".length()));
  }

  /** The child's RSS as the kernel reports it, read from here without disturbing the child. */
  long rss() {
    return MemoryFigures.procStatus(Long.toString(jvm.pid()), "VmRSS");
  }

  long peakRss() {
    return MemoryFigures.procStatus(Long.toString(jvm.pid()), "VmHWM");
  }

  @Override
  public void close() throws Exception {
    jvm.close();
  }
}
