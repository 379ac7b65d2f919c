package dev.presign.bench;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.testing.MockCluster;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.S3ProxyServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A fresh mock API server (and, for operator runs, an S3Proxy with the bucket) holding what {@link
 * OperatorFixture} seeds: the two namespaces, the example credentials Secret and the example
 * default UploadClass. Baseline and operator runs seed the same objects, so the only difference
 * between them is the operator.
 */
final class BenchCluster implements AutoCloseable {
  static final String NAMESPACE = OperatorFixture.NAMESPACE;
  static final String CLASS_NAME = "default";
  private static final Pattern EVENTS =
      Pattern.compile(
          "/api/v1/namespaces/[^/]+/events|/apis/events\\.k8s\\.io/v1/namespaces/[^/]+/events");

  // Strong references: java.util.logging forgets the level of a logger nobody holds.
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");
  private static final Logger MOCK_K8S_LOG =
      Logger.getLogger("io.fabric8.kubernetes.client.server.mock");

  final MockCluster mock;
  final S3ProxyServer s3;

  private BenchCluster(MockCluster mock, S3ProxyServer s3) {
    this.mock = mock;
    this.s3 = s3;
  }

  static BenchCluster start(boolean withS3) throws Exception {
    // The mock server logs every request at INFO through java.util.logging (DESIGN.md §7).
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    MOCK_K8S_LOG.setLevel(Level.WARNING);
    MockCluster mock = MockCluster.start();
    S3ProxyServer s3 = null;
    try {
      if (withS3) {
        s3 = S3ProxyServer.startTransient();
        s3.createBucket(OperatorFixture.BUCKET);
      }
      BenchCluster cluster = new BenchCluster(mock, s3);
      cluster.seed();
      return cluster;
    } catch (Exception | Error e) {
      if (s3 != null) {
        s3.close();
      }
      mock.close();
      throw e;
    }
  }

  KubernetesClient client() {
    return mock.client();
  }

  private void seed() throws Exception {
    KubernetesClient client = client();
    mock.createNamespace(OperatorFixture.SYSTEM_NAMESPACE);
    mock.createNamespace(NAMESPACE, "team", "a");
    Secret secret = OperatorFixture.load("examples/s3-credentials-secret.yaml", Secret.class);
    String secretKey = s3 != null ? s3.secretKey() : "not-used-without-s3";
    client
        .resource(
            new SecretBuilder(secret)
                .withStringData(
                    Map.of(
                        "AWS_ACCESS_KEY_ID",
                        S3ProxyServer.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY",
                        secretKey))
                .build())
        .create();
    UploadClass uploadClass = OperatorFixture.load("examples/upload-class.yaml", UploadClass.class);
    uploadClass.getSpec().setEndpoint(s3 != null ? s3.endpoint() : "http://127.0.0.1:9");
    client.resource(uploadClass).create();
  }

  /**
   * Answers Event creation with 201 without storing the Event or telling watchers, as if the API
   * server had unlimited room for Events. The request still reaches the server and is recorded.
   */
  void discardEvents() {
    mock.intercept(
        request -> {
          String path = request.getPath();
          int query = path.indexOf('?');
          if ("POST".equals(request.getMethod())
              && EVENTS.matcher(query < 0 ? path : path.substring(0, query)).matches()) {
            return new MockResponse().setResponseCode(201).setBody(request.getUtf8Body());
          }
          return null;
        });
  }

  /** Waits until the operator has probed the bucket and marked the class Ready. */
  void awaitClassReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    UploadClass last = null;
    while (System.nanoTime() < deadline) {
      last = client().resources(UploadClass.class).withName(CLASS_NAME).get();
      if (last != null
          && last.getStatus() != null
          && last.getStatus()
              .findCondition(ConditionTypes.READY)
              .map(c -> ConditionTypes.STATUS_TRUE.equals(c.getStatus()))
              .orElse(false)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new TimeoutException(
        "UploadClass "
            + CLASS_NAME
            + " not Ready within "
            + timeout
            + "; last status: "
            + (last == null ? "absent" : last.getStatus()));
  }

  @Override
  public void close() throws Exception {
    try {
      if (s3 != null) {
        s3.close();
      }
    } finally {
      mock.close();
    }
  }
}
