package dev.presign.e2e;

import dev.presign.testing.S3ProxyServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * S3Proxy as a process of its own, for {@code e2e/run.sh}: a filesystem store in a folder, on
 * 127.0.0.1, with one bucket. Prints one line {@code ready endpoint=... access-key=... bucket=...}
 * on stdout once it answers, and runs until SIGTERM.
 *
 * <p>{@code S3ProxyMain DIR PORT BUCKET}; PORT 0 picks a free port (the ready line names it). The
 * secret key comes from the environment variable {@code PRESIGN_E2E_S3_SECRET_KEY}, so it never
 * shows up in a process list.
 */
public final class S3ProxyMain {
  private S3ProxyMain() {}

  public static void main(String[] args) throws Exception {
    String secretKey = System.getenv("PRESIGN_E2E_S3_SECRET_KEY");
    if (args.length != 3 || secretKey == null || secretKey.isEmpty()) {
      System.err.println(
          "usage: PRESIGN_E2E_S3_SECRET_KEY=... S3ProxyMain DIR PORT BUCKET (PORT 0: a free port)");
      System.exit(2);
    }
    S3ProxyServer server =
        S3ProxyServer.startFilesystem(Path.of(args[0]), Integer.parseInt(args[1]), secretKey);
    server.ensureBucket(args[2]);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Throwable t) {
                    // Going down anyway.
                  } finally {
                    stopped.countDown();
                  }
                },
                "s3proxy-shutdown"));
    System.out.println(
        "ready endpoint="
            + server.endpoint()
            + " access-key="
            + S3ProxyServer.ACCESS_KEY
            + " bucket="
            + args[2]);
    System.out.flush();
    stopped.await();
  }
}
