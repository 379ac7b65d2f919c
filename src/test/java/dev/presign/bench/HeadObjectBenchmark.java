package dev.presign.bench;

import dev.presign.s3.HttpHeadObject;
import dev.presign.s3.S3ClientCache;
import dev.presign.s3.StoredObject;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PresignedHead;
import dev.presign.signing.SigningCredentials;
import dev.presign.testing.S3ProxyServer;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * HeadObject of one existing object, as the operator asked it before (the AWS SDK v2 S3 client with
 * the Apache HTTP client, from {@link S3ClientCache}) and as it asks it now ({@link
 * HttpHeadObject}: a presigned HEAD over the JDK's HTTP client), against S3Proxy in another JVM
 * ({@link S3ProxyChild}), so this JVM's CPU is the client's. Besides JMH's calls per second, every
 * iteration prints this JVM's CPU time per call ({@code HEADCPU} lines). Run with {@code
 * scripts/bench-head.sh}; see docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HeadObjectBenchmark {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** PRESIGN_S3_TIMEOUT_SECONDS's default. */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private S3ProxyChild s3;
  private BucketEndpoint endpoint;
  private SigningCredentials credentials;
  private S3ClientCache sdkClients;
  private HttpHeadObject heads;
  private HttpClient javaNetHttp;
  private ObjectUrlPresigner presigner;
  private long calls;
  private long cpuAtStart;
  private long callsAtStart;

  @Setup(Level.Trial)
  public void start() throws Exception {
    s3 = S3ProxyChild.start();
    endpoint = BucketEndpoint.of(S3ProxyServer.REGION, s3.endpoint(), null);
    credentials = SigningCredentials.permanent(S3ProxyServer.ACCESS_KEY, "test-secret-key");
    sdkClients = new S3ClientCache(TIMEOUT);
    presigner = new ObjectUrlPresigner(Clock.systemUTC());
    heads = new HttpHeadObject(presigner, TIMEOUT);
    javaNetHttp =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    if (sdkHeadObject().size() != 77_000
        || httpHeadObject().get().size() != 77_000
        || javaNetHttpClient().statusCode() != 200) {
      throw new IllegalStateException("the object is not what S3ProxyChild stored");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    sdkClients.close();
    s3.close();
  }

  @Setup(Level.Iteration)
  public void startCounting() {
    cpuAtStart = OS.getProcessCpuTime();
    callsAtStart = calls;
  }

  @TearDown(Level.Iteration)
  public void printCpuPerCall(BenchmarkParams params) {
    long cpu = OS.getProcessCpuTime() - cpuAtStart;
    long done = calls - callsAtStart;
    System.out.printf(
        Locale.ROOT,
        "%nHEADCPU %s: %.1f us CPU per call (%d calls)%n",
        params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1),
        done == 0 ? 0.0 : cpu / 1000.0 / done,
        done);
  }

  /** What {@code ObjectStore.headObject} did before: the SDK client, its answer mapped. */
  @Benchmark
  public StoredObject sdkHeadObject() {
    calls++;
    try (S3ClientCache.Lease lease = sdkClients.acquire(endpoint, credentials)) {
      HeadObjectResponse head =
          lease.client().headObject(b -> b.bucket(S3ProxyChild.BUCKET).key(S3ProxyChild.KEY));
      return new StoredObject(
          head.contentLength(),
          head.eTag(),
          head.contentType(),
          head.lastModified(),
          "null".equals(head.versionId()) ? null : head.versionId());
    }
  }

  /** What it does now. */
  @Benchmark
  public Optional<StoredObject> httpHeadObject() {
    calls++;
    return heads.head(endpoint, credentials, S3ProxyChild.BUCKET, S3ProxyChild.KEY);
  }

  /** The same presigned HEAD sent with the JDK's asynchronous client, as the operator's would. */
  @Benchmark
  public HttpResponse<Void> javaNetHttpClient() throws Exception {
    calls++;
    PresignedHead head =
        presigner.presignHead(
            endpoint, S3ProxyChild.BUCKET, S3ProxyChild.KEY, Duration.ofSeconds(60), credentials);
    return javaNetHttp.send(
        HttpRequest.newBuilder(head.url())
            .timeout(TIMEOUT)
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /** The signing share of {@link #httpHeadObject}: no I/O. */
  @Benchmark
  public PresignedHead presignHeadOnly() {
    calls++;
    return presigner.presignHead(
        endpoint, S3ProxyChild.BUCKET, S3ProxyChild.KEY, Duration.ofSeconds(60), credentials);
  }
}
