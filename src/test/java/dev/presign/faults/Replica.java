package dev.presign.faults;

import dev.presign.testing.MockCluster;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.OperatorJvm;
import dev.presign.testing.OperatorMain;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operator replica in its own JVM ({@link OperatorMain}): production wiring with leader
 * election on a short Lease, its HTTP API on 127.0.0.1, its identity (the Lease holder name) set as
 * a Pod's would be through {@code POD_NAME}.
 */
final class Replica implements AutoCloseable {
  /**
   * Short, so that failovers take seconds, but not so short that a busy machine takes the Lease
   * away: a leader steps down when it cannot renew within two thirds of it, and here no kubelet
   * restarts a replica that stepped down. With 3 s (a renew deadline of 2 s) a leader starting next
   * to two other JVMs on a loaded 2-core machine lost its Lease without any fault injected.
   */
  static final Duration LEASE = Duration.ofSeconds(6);

  static final String LEASE_NAME = "presign-operator-leader";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String identity;
  private final OperatorJvm jvm;
  private final String url;

  private Replica(String identity, OperatorJvm jvm) {
    this.identity = identity;
    this.jvm = jvm;
    this.url = "http://127.0.0.1:" + jvm.readyValue("port");
  }

  static Replica start(MockCluster cluster, String identity, Map<String, String> settings)
      throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("POD_NAME", identity);
    env.put("PRESIGN_OPERATOR_NAMESPACE", OperatorFixture.SYSTEM_NAMESPACE);
    env.put("PRESIGN_LEADER_ELECTION", "true");
    env.put("PRESIGN_LEASE_DURATION_SECONDS", Long.toString(LEASE.toSeconds()));
    env.put("PRESIGN_HTTP_HOST", "127.0.0.1");
    env.put("PRESIGN_HTTP_PORT", "0");
    env.put("PRESIGN_S3_TIMEOUT_SECONDS", "2");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.putAll(settings);
    OperatorJvm jvm =
        OperatorJvm.start(
            new OperatorJvm.Launch(
                OperatorMain.class.getName(),
                List.of(cluster.url()),
                // Small and quick to start: two of these share two cores with the test JVM.
                List.of(
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dlogback.configurationFile=logback.xml"),
                List.of(),
                env,
                OperatorMain.PREFIX,
                Path.of("target", "faults", identity + ".log"),
                Duration.ofSeconds(60)));
    return new Replica(identity, jvm);
  }

  String identity() {
    return identity;
  }

  String url() {
    return url;
  }

  boolean isAlive() {
    return jvm.isAlive();
  }

  Path log() {
    return jvm.log();
  }

  /** The replica's log so far (stdout and stderr). */
  String logText() throws java.io.IOException {
    return java.nio.file.Files.readString(jvm.log());
  }

  /** UploadRequests this replica has signed and stored, from its own /metrics. */
  double issued() throws Exception {
    return metric("presign_uploads_total{", "phase=\"Issued\"");
  }

  /** Signatures this replica made, stored or not (a reconcile that signed counts here). */
  double signatures() throws Exception {
    return metric("presign_signing_seconds_count", "");
  }

  /** The HTTP status of GET {@code path} (e.g. /healthz, /readyz). */
  int status(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private double metric(String prefix, String label) throws Exception {
    HttpResponse<String> metrics =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return metrics
        .body()
        .lines()
        .filter(l -> l.startsWith(prefix) && l.contains(label))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** SIGKILL: no shutdown hook, no Lease release, no last status write. */
  void kill() throws InterruptedException {
    jvm.kill();
  }

  /** SIGSTOP: frozen with its Lease, its cache and its in-flight reconciles. */
  void pause() throws Exception {
    jvm.pause();
  }

  void resume() throws Exception {
    jvm.resume();
  }

  /** The identity holding the leader Lease now ("" when there is none). */
  static String leaseHolder(OperatorFixture fixture) {
    Lease lease =
        fixture
            .client()
            .resources(Lease.class)
            .inNamespace(OperatorFixture.SYSTEM_NAMESPACE)
            .withName(LEASE_NAME)
            .get();
    return lease == null || lease.getSpec() == null
        ? ""
        : String.valueOf(lease.getSpec().getHolderIdentity());
  }

  @Override
  public void close() throws Exception {
    jvm.close();
  }
}
