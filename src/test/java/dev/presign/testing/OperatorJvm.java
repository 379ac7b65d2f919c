package dev.presign.testing;

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
 * A child JVM on this JVM's java binary and classpath, running a main class that talks a line
 * protocol: stdout lines starting with the launch's prefix are messages for the parent (the first
 * must be {@code ready ...}), everything else is its log, copied to a file. Commands go to its
 * stdin; end of input means the parent died. {@link #kill()} is a real SIGKILL; {@link #close()}
 * asks the child to {@code stop} and kills it when it does not exit in time.
 */
public final class OperatorJvm implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  /** What to start: main class and its arguments, JVM options, environment, where the log goes. */
  public record Launch(
      String mainClass,
      List<String> arguments,
      List<String> jvmOptions,
      List<Path> classpathBefore,
      Map<String, String> environment,
      String prefix,
      Path log,
      Duration startTimeout) {}

  private final Process process;
  private final String prefix;
  private final PrintWriter stdin;
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final Thread pump;
  private final Thread killOnExit;
  private final Path log;
  private final String readyLine;

  private OperatorJvm(Process process, Launch launch, Thread killOnExit, Writer logWriter)
      throws Exception {
    this.process = process;
    this.prefix = launch.prefix();
    this.log = launch.log();
    this.killOnExit = killOnExit;
    this.stdin =
        new PrintWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    this.pump = new Thread(() -> copyOutput(logWriter), "operator-jvm-output-" + process.pid());
    pump.setDaemon(true);
    pump.start();
    this.readyLine = awaitMessage("ready", launch.startTimeout());
  }

  /** Starts the child and waits for its {@code ready} message. */
  public static OperatorJvm start(Launch launch) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(launch.jvmOptions());
    command.add("-Dkubernetes.disable.autoConfig=true");
    command.add("-cp");
    List<String> classpath = new ArrayList<>();
    launch.classpathBefore().forEach(p -> classpath.add(p.toString()));
    classpath.add(System.getProperty("java.class.path"));
    command.add(String.join(File.pathSeparator, classpath));
    command.add(launch.mainClass());
    command.addAll(launch.arguments());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(launch.environment());
    Files.createDirectories(launch.log().toAbsolutePath().getParent());
    Writer logWriter = Files.newBufferedWriter(launch.log(), StandardCharsets.UTF_8);
    Process process = builder.start();
    // If this JVM is stopped (Ctrl-C, a Surefire timeout), the child goes with it.
    Thread killOnExit = new Thread(process::destroyForcibly, "kill-operator-jvm");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    try {
      return new OperatorJvm(process, launch, killOnExit, logWriter);
    } catch (Exception | Error e) {
      process.destroyForcibly();
      removeHook(killOnExit);
      throw e;
    }
  }

  private void copyOutput(Writer logWriter) {
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer to = logWriter) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(prefix)) {
          messages.add(line.substring(prefix.length()));
        } else {
          to.write(line);
          to.write('\n');
          to.flush();
        }
      }
    } catch (IOException e) {
      // the child went away; close() and awaitMessage() report that
    }
  }

  public long pid() {
    return process.pid();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The {@code ready ...} message the child sent when it started. */
  public String readyLine() {
    return readyLine;
  }

  /** The value of {@code key=value} in the ready message, or null. */
  public String readyValue(String key) {
    for (String word : readyLine.split(" ")) {
      if (word.startsWith(key + "=")) {
        return word.substring(key.length() + 1);
      }
    }
    return null;
  }

  public Path log() {
    return log;
  }

  /** Sends a command line to the child's stdin. */
  public void send(String command) {
    stdin.println(command);
  }

  /** Waits for the next message starting with {@code kind}; earlier other messages are dropped. */
  public String awaitMessage(String kind, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(
            "child JVM (pid "
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
              "child JVM exited with "
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

  /** SIGKILL, no shutdown hooks, no goodbyes; returns once the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("child JVM " + process.pid() + " survived SIGKILL");
    }
  }

  /**
   * SIGSTOP: the process stops dead, as in a long GC pause or a frozen VM, and keeps its sockets,
   * its in-flight work and its belief that it leads. {@link #resume()} lets it carry on.
   */
  public void pause() throws Exception {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (process.isAlive()) {
        try {
          signal("CONT"); // a paused child would never read "stop"
        } catch (IllegalStateException e) {
          // it exited meanwhile
        }
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
