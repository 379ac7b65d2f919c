package dev.presign.bench;

import dev.presign.local.LocalMode;
import dev.presign.signing.SigningCredentials;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Issue 12's measure: a 1 GiB multipart upload through local mode (the fabric8 mock API server,
 * S3Proxy on a folder and the real operator with its HTTP API, all in this JVM on 127.0.0.1), the
 * way Uppy's {@code @uppy/aws-s3} drives it in Companion mode: create, sign each part over HTTP,
 * PUT it to S3Proxy, complete. It reports the part-signing latency (p50/p99 per part request
 * through the HTTP API) and the share of the wall time spent outside the S3 transfer (create +
 * signing + complete), against the goals p99 &lt;= 5 ms and &lt;= 2 %. In the same run, a baseline:
 * the same file, the same part PUTs, with URLs presigned by the AWS SDK in this JVM and
 * Create/Complete by the SDK's client, so the operator's cost reads as a ratio on a noisy shared
 * machine.
 *
 * <p>Every upload is checked (the object's size and SHA-256 against the file; the operator's
 * request Uploaded) and deleted; the work folder (the generated file and S3Proxy's store) is
 * deleted at the end. Run with {@code scripts/bench-multipart.sh}; options {@code --size-mib=1024
 * --rounds=3 --warmup-mib=20 --timeout-seconds=900 --companion-path=/api/v1/companion/s3
 * --paths=sdk,operator --work-dir=target/bench-multipart}. Exits 1 when an upload failed, differed
 * or ran out of time.
 */
public final class MultipartBenchmark {
  private static final long MIB = 1024L * 1024;

  /** S3's limit for one object (5 TiB) is far beyond what this machine should write for a bench. */
  private static final long MAX_SIZE_MIB = 8 * 1024;

  private static final double GOAL_SIGN_P99_MILLIS = 5.0;
  private static final double GOAL_OUTSIDE_SHARE = 0.02;

  private MultipartBenchmark() {}

  public static void main(String[] args) {
    BenchMain.exit(args, "multipart benchmark failed", MultipartBenchmark::run);
  }

  private static boolean run(Map<String, String> options) throws Exception {
    long sizeMib = Long.parseLong(options.getOrDefault("size-mib", "1024"));
    long warmupMib = Long.parseLong(options.getOrDefault("warmup-mib", "20"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
    int timeoutSeconds = Integer.parseInt(options.getOrDefault("timeout-seconds", "900"));
    String companionPath = options.getOrDefault("companion-path", "/api/v1/companion/s3");
    List<String> paths = List.of(options.getOrDefault("paths", "sdk,operator").split(","));
    Path workDir = Path.of(options.getOrDefault("work-dir", "target/bench-multipart"));
    if (sizeMib < 5
        || sizeMib > MAX_SIZE_MIB
        || warmupMib < 5
        || rounds < 1
        || rounds > 5
        || paths.isEmpty()
        || !List.of("sdk", "operator").containsAll(paths)) {
      throw new IllegalArgumentException(
          "--size-mib must be 5.."
              + MAX_SIZE_MIB
              + ", --warmup-mib at least 5, --rounds 1..5 (each round uploads the file once per"
              + " path), --paths sdk and/or operator");
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    deleteRecursively(workDir);
    Files.createDirectories(workDir);
    try {
      return measure(
          workDir,
          sizeMib * MIB,
          warmupMib * MIB,
          rounds,
          companionPath,
          paths,
          deadline,
          timeoutSeconds);
    } finally {
      deleteRecursively(workDir);
      System.out.println("deleted " + workDir + " (the generated files and S3Proxy's store)");
    }
  }

  private static boolean measure(
      Path workDir,
      long size,
      long warmupSize,
      int rounds,
      String companionPath,
      List<String> pathNames,
      long deadline,
      int timeoutSeconds)
      throws Exception {
    long t0 = System.nanoTime();
    GeneratedFile file = GeneratedFile.write(workDir.resolve("bench-upload.bin"), size, 12);
    GeneratedFile warmup = GeneratedFile.write(workDir.resolve("warm-up.bin"), warmupSize, 13);
    System.out.printf(
        "generated %d MiB (sha256 %s...) in %.1f s; load average %s%n",
        size / MIB, file.sha256Hex().substring(0, 16), (System.nanoTime() - t0) / 1e9, load());

    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    try (LocalMode local = LocalMode.start(0, 0, workDir.resolve("s3"));
        S3Client s3 = s3Client(local);
        S3Presigner presigner = presigner(local)) {
      CompanionMultipartPath operator =
          new CompanionMultipartPath(http, local.apiUrl(), companionPath, LocalMode.TOKEN);
      SdkMultipartPath sdk = new SdkMultipartPath(s3, presigner, OperatorFixture.BUCKET);
      MultipartUploadTimer timer =
          new MultipartUploadTimer(new PartPutter(http), new NoopProbe(http, local.apiUrl()));
      UploadCheck check = new UploadCheck(s3, OperatorFixture.BUCKET, operator);
      List<MultipartPath> paths = new ArrayList<>();
      if (pathNames.contains("sdk")) {
        paths.add(sdk);
      }
      if (pathNames.contains("operator")) {
        paths.add(operator);
      }

      // JIT, connection pools, auth caches: the first upload of each path is not measured.
      for (MultipartPath path : paths) {
        check.verifyAndDelete(path, timer.upload(path, warmup, deadline), warmup);
      }
      System.out.printf("warmed up with %d MiB on each path%n", warmupSize / MIB);

      List<MultipartTimings> results = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        // Alternate which path goes first, so neither always meets a cooler page cache.
        List<MultipartPath> order = new ArrayList<>(paths);
        if (round % 2 == 0) {
          Collections.reverse(order);
        }
        for (MultipartPath path : order) {
          MultipartUploadTimer.Result result = timer.upload(path, file, deadline);
          check.verifyAndDelete(path, result, file);
          results.add(result.timings());
          System.out.println("round " + round + ": " + result.timings().line());
        }
      }
      new MultipartReport(results, GOAL_SIGN_P99_MILLIS, GOAL_OUTSIDE_SHARE)
          .print(
              System.out,
              String.format(
                  "%d MiB multipart upload, %d parts of %d MiB, one part at a time, local mode"
                      + " (2 cores shared by the operator, the mock API server, S3Proxy and this"
                      + " client); load average %s; bounded by --timeout-seconds=%d",
                  size / MIB,
                  results.get(0).parts(),
                  MultipartPath.defaultPartSize(size) / MIB,
                  load(),
                  timeoutSeconds));
    }
    return true;
  }

  private static S3Client s3Client(LocalMode local) {
    SigningCredentials credentials = local.s3Credentials();
    return S3Client.builder()
        .endpointOverride(URI.create(local.s3Endpoint()))
        .region(Region.of(S3ProxyServer.REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey())))
        .build();
  }

  private static S3Presigner presigner(LocalMode local) {
    SigningCredentials credentials = local.s3Credentials();
    return S3Presigner.builder()
        .endpointOverride(URI.create(local.s3Endpoint()))
        .region(Region.of(S3ProxyServer.REGION))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey())))
        .build();
  }

  /** The 1-minute load average: how busy the shared machine was. */
  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** After each upload: the object is the file, the operator's request is Uploaded; then delete. */
  private record UploadCheck(S3Client s3, String bucket, CompanionMultipartPath operator) {
    void verifyAndDelete(MultipartPath path, MultipartUploadTimer.Result result, GeneratedFile file)
        throws Exception {
      String key = result.upload().key();
      try (InputStream object = s3.getObject(b -> b.bucket(bucket).key(key))) {
        if (!file.sameBytes(object)) {
          throw new IllegalStateException(path.name() + ": the object differs from the file");
        }
      }
      if (path == operator) {
        String status = operator.status(result.upload());
        if (!"Uploaded".equals(status)) {
          throw new IllegalStateException(path.name() + ": the upload is " + status);
        }
      }
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    }
  }
}
