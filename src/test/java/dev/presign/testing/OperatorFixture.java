package dev.presign.testing;

import dev.presign.PresignOperator;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.config.OperatorSettings;
import dev.presign.reconciler.ReconcileTimings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The operator on the mock API server with a real S3Proxy, wired exactly as in production but with
 * short timings and without leader election. The examples/ YAML is what it applies.
 */
public final class OperatorFixture implements AutoCloseable {
  public static final String NAMESPACE = "team-a";
  public static final String SYSTEM_NAMESPACE = "presign-system";
  public static final String BUCKET = "uploads";
  public static final ReconcileTimings FAST =
      new ReconcileTimings(
          Duration.ofMillis(200),
          Duration.ofSeconds(1),
          Duration.ofMillis(300),
          Duration.ofSeconds(1),
          Duration.ZERO,
          Duration.ofSeconds(5),
          Duration.ofMillis(500),
          // Longer than a receiver's create-to-status-write on a loaded CI machine, so the leader
          // rarely races a live receiver (harmless: the conditional write refuses the second).
          Duration.ofSeconds(3));

  public final MockCluster cluster;
  public final KubeAuth auth;
  public final S3ProxyServer s3;
  private final Map<String, String> extraCredentials = new java.util.LinkedHashMap<>();
  private final Map<String, String> extraSettings = new java.util.LinkedHashMap<>();
  private UnaryOperator<ConfigBuilder> operatorClientConfig;
  private KubernetesClient operatorClient;
  private PresignOperator operator;

  private OperatorFixture(MockCluster cluster, S3ProxyServer s3) {
    this.cluster = cluster;
    this.s3 = s3;
    this.auth = new KubeAuth(cluster);
  }

  /** Mock cluster + S3Proxy with a bucket, the namespaces and the example class and Secret. */
  public static OperatorFixture start() throws Exception {
    return start(S3ProxyServer.startTransient(), Map.of());
  }

  /**
   * As {@link #start()}, with this S3Proxy (for instance one whose secret key is a leak canary) and
   * extra keys in the credentials Secret (such as {@code AWS_SESSION_TOKEN}).
   */
  public static OperatorFixture start(S3ProxyServer s3, Map<String, String> extraCredentials)
      throws Exception {
    return start(s3, extraCredentials, Map.of(), null);
  }

  /** As {@link #start()}, with these operator settings (environment variables) on top. */
  public static OperatorFixture startWithSettings(Map<String, String> settings) throws Exception {
    return start(S3ProxyServer.startTransient(), Map.of(), settings, null);
  }

  /**
   * As {@link #start(S3ProxyServer, Map)}, with the operator's own Kubernetes client changed by
   * {@code operatorClientConfig} (null: the fixture's client) (for instance shorter timeouts and
   * fewer retries, so that a fault reaches the reconciler within a test's time).
   */
  public static OperatorFixture start(
      S3ProxyServer s3,
      Map<String, String> extraCredentials,
      UnaryOperator<ConfigBuilder> operatorClientConfig)
      throws Exception {
    return start(s3, extraCredentials, Map.of(), operatorClientConfig);
  }

  private static OperatorFixture start(
      S3ProxyServer s3,
      Map<String, String> extraCredentials,
      Map<String, String> settings,
      UnaryOperator<ConfigBuilder> operatorClientConfig)
      throws Exception {
    OperatorFixture fixture = new OperatorFixture(MockCluster.start(), s3);
    fixture.operatorClientConfig = operatorClientConfig;
    fixture.extraCredentials.putAll(extraCredentials);
    fixture.extraSettings.putAll(settings);
    fixture.s3.createBucket(BUCKET);
    KubernetesClient client = fixture.client();
    fixture.cluster.createNamespace(SYSTEM_NAMESPACE);
    fixture.cluster.createNamespace(NAMESPACE, "team", "a");
    client.resource(fixture.exampleSecret()).create();
    client.resource(fixture.exampleClass()).create();
    fixture.startOperator();
    return fixture;
  }

  public KubernetesClient client() {
    return cluster.client();
  }

  public static OperatorSettings settings() {
    return settings(Map.of());
  }

  private static OperatorSettings settings(Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>();
    env.putAll(
        Map.of(
            "PRESIGN_OPERATOR_NAMESPACE",
            SYSTEM_NAMESPACE,
            "PRESIGN_LEADER_ELECTION",
            "false",
            "PRESIGN_S3_TIMEOUT_SECONDS",
            "2",
            // Loopback and a free port: never reachable from outside, and test runs side by side
            // on one machine do not fight over 8080.
            "PRESIGN_HTTP_HOST",
            "127.0.0.1",
            "PRESIGN_HTTP_PORT",
            "0"));
    // A test's own settings go on top (for instance a shorter S3 timeout).
    env.putAll(extra);
    return OperatorSettings.fromEnvironment(env);
  }

  public void startOperator() {
    // The fixture's own client unless a test asks for another configuration.
    operatorClient =
        operatorClientConfig == null
            ? null
            : new KubernetesClientBuilder()
                .withConfig(
                    operatorClientConfig
                        .apply(new ConfigBuilder(cluster.client().getConfiguration()))
                        .build())
                .build();
    operator =
        new PresignOperator(
            settings(extraSettings),
            operatorClient != null ? operatorClient : cluster.client(),
            Clock.systemUTC(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            FAST);
    operator.start();
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
    if (operatorClient != null) {
      operatorClient.close();
      operatorClient = null;
    }
  }

  /** The base URL of the operator's HTTP API. */
  public String apiUrl() {
    return "http://127.0.0.1:" + operator.httpPort();
  }

  public PresignOperator operator() {
    return operator;
  }

  /** examples/upload-class.yaml pointed at this S3Proxy. */
  public UploadClass exampleClass() throws Exception {
    UploadClass uploadClass = load("examples/upload-class.yaml", UploadClass.class);
    uploadClass.getSpec().setEndpoint(s3.endpoint());
    return uploadClass;
  }

  /** examples/s3-credentials-secret.yaml with S3Proxy's credentials. */
  public Secret exampleSecret() throws Exception {
    Secret secret = load("examples/s3-credentials-secret.yaml", Secret.class);
    Map<String, String> data = new java.util.LinkedHashMap<>();
    data.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
    data.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
    data.putAll(extraCredentials);
    return new SecretBuilder(secret).withStringData(data).build();
  }

  public static <T> T load(String path, Class<T> type) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      return Serialization.unmarshal(in, type);
    }
  }

  public UploadRequest create(String name, UploadRequestSpec spec) {
    UploadRequest request = new UploadRequest();
    request.getMetadata().setName(name);
    request.getMetadata().setNamespace(NAMESPACE);
    request.setSpec(spec);
    return client().resource(request).create();
  }

  public UploadRequest get(String name) {
    return client().resources(UploadRequest.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /** The request whose uid is {@code uid} (the HTTP API's id), read from the API server. */
  public UploadRequest getByUid(String uid) {
    return client().resources(UploadRequest.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(r -> r.getMetadata().getUid().equals(uid))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no UploadRequest with uid " + uid));
  }

  public UploadRequest awaitPhase(String name, Phase phase) {
    return Await.until(
        name + " in phase " + phase,
        Duration.ofSeconds(60),
        () -> get(name),
        r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
  }

  @Override
  public void close() throws Exception {
    stopOperator();
    cluster.close();
    s3.close();
  }
}
