package dev.presign.bench;

import dev.presign.testing.S3ProxyServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * S3Proxy in its own JVM, so that a benchmark's process CPU is the client's alone. The parent
 * starts it with {@link #start}; it prints its port, serves until its standard input closes, and
 * stops.
 */
final class S3ProxyChild implements AutoCloseable {
  static final String BUCKET = "bench-head";
  static final String KEY = "media/uploads/6654c734ccab8f440ff0825eb443dc7f-lorem-ipsum.pdf";
  private static final String READY = "S3PROXY-CHILD-PORT ";

  private final Process process;
  private final int port;

  private S3ProxyChild(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the child JVM on this JVM's classpath and waits for its port. */
  static S3ProxyChild start() throws Exception {
    Process process =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp",
                    System.getProperty("java.class.path"),
                    S3ProxyChild.class.getName()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(READY)) {
        return new S3ProxyChild(process, Integer.parseInt(line.substring(READY.length()).trim()));
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("S3Proxy child exited before saying its port");
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  /** Closes the child's input (it stops by itself), then kills it by PID if it lingers. */
  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.startTransient()) {
      s3.createBucket(BUCKET);
      s3.client()
          .putObject(
              b -> b.bucket(BUCKET).key(KEY).contentType("application/pdf"),
              RequestBody.fromBytes(new byte[77_000]));
      System.out.println(READY + s3.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Serve until the parent closes our input (or dies).
      }
    }
  }
}
