package dev.presign.local;

import dev.presign.PresignOperator;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.config.OperatorSettings;
import dev.presign.reconciler.ReconcileTimings;
import dev.presign.signing.SigningCredentials;
import dev.presign.testing.KubeAuth;
import dev.presign.testing.MockCluster;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.S3ProxyServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The whole thing on a laptop, with no cluster and no AWS account: the fabric8 mock API server in
 * CRUD mode, S3Proxy on a folder, and the real operator and HTTP API, all on 127.0.0.1. It lives in
 * the test sources so neither embedded server ships in the production jar.
 */
public final class LocalMode implements AutoCloseable {
  public static final String TOKEN = "local-dev-token";
  public static final String NAMESPACE = "default";
  public static final String APP = "system:serviceaccount:default:app";
  private static final String SECRET_KEY = "local-secret-key";

  private final MockCluster cluster;
  private final S3ProxyServer s3;
  private final PresignOperator operator;
  private final AppBackend app;

  private LocalMode(
      MockCluster cluster, S3ProxyServer s3, PresignOperator operator, AppBackend app) {
    this.cluster = cluster;
    this.s3 = s3;
    this.operator = operator;
    this.app = app;
  }

  /** Starts everything on free ports, the demo page's too (tests). */
  public static LocalMode start(int httpPort, int s3Port, Path dataDir) throws Exception {
    return start(httpPort, s3Port, 0, dataDir);
  }

  /** Starts everything; port 0 picks free ports (tests), the defaults are 8080, 9000 and 8081. */
  public static LocalMode start(int httpPort, int s3Port, int appPort, Path dataDir)
      throws Exception {
    // The page's backend binds first: the bucket's CORS rule names the page's origin.
    AppBackend app = AppBackend.bind(appPort);
    S3ProxyServer s3 =
        S3ProxyServer.startFilesystem(
            dataDir, s3Port, SECRET_KEY, PageBucketCors.allowing(app.pageOrigins()));
    MockCluster cluster = MockCluster.start();
    KubeAuth auth = new KubeAuth(cluster);
    auth.register(TOKEN, APP);
    auth.allow(APP, "create", NAMESPACE);
    auth.allow(APP, "get", NAMESPACE);
    // Cancelling (DELETE /api/v1/uploads/{id}, Uppy's abort) needs delete, as with the edit Role.
    auth.allow(APP, "delete", NAMESPACE);
    s3.ensureBucket(OperatorFixture.BUCKET);
    KubernetesClient client = cluster.client();
    cluster.createNamespace(NAMESPACE);
    cluster.createNamespace(OperatorFixture.SYSTEM_NAMESPACE);
    Secret secret =
        new SecretBuilder(OperatorFixture.load("examples/s3-credentials-secret.yaml", Secret.class))
            .withStringData(
                Map.of(
                    "AWS_ACCESS_KEY_ID",
                    S3ProxyServer.ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY",
                    SECRET_KEY))
            .build();
    client.resource(secret).create();
    UploadClass uploadClass = OperatorFixture.load("examples/upload-class.yaml", UploadClass.class);
    uploadClass.getSpec().setEndpoint(s3.endpoint());
    client.resource(uploadClass).create();

    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "PRESIGN_OPERATOR_NAMESPACE",
                OperatorFixture.SYSTEM_NAMESPACE,
                "PRESIGN_LEADER_ELECTION",
                "false",
                "PRESIGN_HTTP_HOST",
                "127.0.0.1",
                "PRESIGN_HTTP_PORT",
                Integer.toString(httpPort)));
    PresignOperator operator =
        new PresignOperator(
            settings,
            client,
            Clock.systemUTC(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            ReconcileTimings.defaults(Duration.ofMinutes(5)));
    operator.start();
    app.forwardTo("http://127.0.0.1:" + operator.httpPort(), TOKEN);
    return new LocalMode(cluster, s3, operator, app);
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + operator.httpPort();
  }

  public String s3Endpoint() {
    return s3.endpoint();
  }

  /** S3Proxy's credentials, for a client that talks to the store directly (the benchmarks). */
  public SigningCredentials s3Credentials() {
    return s3.credentials();
  }

  /** The demo page and its app backend. */
  public String pageUrl() {
    return app.url();
  }

  @Override
  public void close() throws Exception {
    app.close();
    operator.close();
    cluster.close();
    s3.close();
  }

  /** {@code scripts/local.sh [demo] [--port N] [--s3-port N] [--app-port N] [--data DIR]} */
  public static void main(String[] args) {
    int httpPort = 8080;
    int s3Port = 9000;
    int appPort = 8081;
    Path data = Path.of(".local", "s3");
    boolean demo = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "demo" -> demo = true;
        case "--port" -> httpPort = Integer.parseInt(args[++i]);
        case "--s3-port" -> s3Port = Integer.parseInt(args[++i]);
        case "--app-port" -> appPort = Integer.parseInt(args[++i]);
        case "--data" -> data = Path.of(args[++i]);
        default -> {
          System.err.println(
              "usage: scripts/local.sh [demo] [--port 8080] [--s3-port 9000] [--app-port 8081]"
                  + " [--data .local/s3]");
          System.exit(2);
        }
      }
    }
    int code;
    if (demo) {
      code = runDemo(data);
    } else {
      code = runForever(httpPort, s3Port, appPort, data);
    }
    System.exit(code);
  }

  private static int runDemo(Path data) {
    try (LocalMode local = start(0, 0, data)) {
      return new Walkthrough(local.apiUrl(), TOKEN, System.out).run() ? 0 : 1;
    } catch (Exception e) {
      System.out.println("FAILED: could not start local mode: " + e);
      return 1;
    }
  }

  private static int runForever(int httpPort, int s3Port, int appPort, Path data) {
    LocalMode local;
    try {
      local = start(httpPort, s3Port, appPort, data);
    } catch (Exception e) {
      System.err.println(
          "could not start local mode (is port "
              + httpPort
              + ", "
              + s3Port
              + " or "
              + appPort
              + " taken? use --port / --s3-port / --app-port): "
              + e.getMessage());
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    local.close();
                    System.out.println("stopped");
                  } catch (Throwable t) {
                    // The JVM is going down anyway.
                  }
                }));
    System.out.println(
        Instructions.text(local.apiUrl(), local.s3Endpoint(), local.pageUrl(), TOKEN, data));
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
