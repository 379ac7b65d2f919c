package dev.presign.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The parent's handle on an {@link OperatorProcess} child JVM: same java binary and classpath as
 * this JVM, the given JVM options, the operator's settings in its environment. Its log goes to a
 * file; its {@code BENCH} lines come back here. {@link #close()} asks it to stop and kills it when
 * it does not exit in time.
 */
final class OperatorChild implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Process process;
  private final PrintWriter stdin;
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final Thread pump;
  private final Thread killOnExit;
  private final Path log;
  private final String readyLine;

  private OperatorChild(
      Process process, Path log, Duration startTimeout, Thread killOnExit, Writer logWriter)
      throws Exception {
    this.process = process;
    this.log = log;
    this.killOnExit = killOnExit;
    this.stdin =
        new PrintWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    this.pump =
        new Thread(
            () -> {
              try (BufferedReader out =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  Writer to = logWriter) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.startsWith(OperatorProcess.PREFIX)) {
                    messages.add(line.substring(OperatorProcess.PREFIX.length()));
                  } else {
                    to.write(line);
                    to.write('\n');
                  }
                }
              } catch (IOException e) {
                // the child went away; close() and awaitMessage() report that
              }
            },
            "operator-child-output");
    pump.setDaemon(true);
    pump.start();
    this.readyLine = awaitMessage("ready", startTimeout);
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
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-Dkubernetes.disable.autoConfig=true");
    command.add("-cp");
    command.add(
        interceptorDirectory(log.getParent())
            + File.pathSeparator
            + System.getProperty("java.class.path"));
    command.add(OperatorProcess.class.getName());
    command.add(apiServerUrl);
    command.add(mode);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Files.createDirectories(log.getParent());
    Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
    Process process = builder.start();
    // If this JVM is stopped (Ctrl-C, timeout of the caller), the child goes with it.
    Thread killOnExit = new Thread(process::destroyForcibly, "kill-operator-child");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    try {
      return new OperatorChild(process, log, startTimeout, killOnExit, logWriter);
    } catch (Exception | Error e) {
      process.destroyForcibly();
      removeHook(killOnExit);
      throw e;
    }
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
    return process.pid();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /** The S3 calls the child made so far, {@code Operation=count ...}. */
  String s3Calls(Duration timeout) throws Exception {
    stdin.println("stats");
    return awaitMessage("stats", timeout).substring("stats".length()).trim();
  }

  String readyLine() {
    return readyLine;
  }

  /** Asks the child for its memory figures (it runs a GC first). */
  MemoryFigures memory(Duration timeout) throws Exception {
    stdin.println("memory");
    return MemoryFigures.fromLine(awaitMessage("memory", timeout).substring("memory".length()));
  }

  /** The child's RSS as the kernel reports it, read from here without disturbing the child. */
  long rss() {
    return MemoryFigures.procStatus(Long.toString(process.pid()), "VmRSS");
  }

  long peakRss() {
    return MemoryFigures.procStatus(Long.toString(process.pid()), "VmHWM");
  }

  private String awaitMessage(String kind, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(
            "operator child (pid "
                + process.pid()
                + ") sent no '"
                + kind
                + "' within "
                + timeout
                + "; see its log "
                + log.getFileName());
      }
      String message = messages.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
      if (message == null) {
        if (!process.isAlive() && messages.isEmpty()) {
          throw new IllegalStateException(
              "operator child exited with "
                  + process.exitValue()
                  + " before '"
                  + kind
                  + "'; see its log "
                  + log.getFileName());
        }
        continue;
      }
      if (message.startsWith(kind)) {
        return message;
      }
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (process.isAlive()) {
        stdin.println("stop");
        stdin.close();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      pump.join(TimeUnit.SECONDS.toMillis(5));
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      removeHook(killOnExit);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
  }
}
