package dev.presign.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.testing.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Presigned PUT and GET against a real S3Proxy that verifies query-string signatures. */
class ObjectUrlPresignerS3ProxyIT {
  private static final String BUCKET = "presign-put-it";
  private static final byte[] CONTENT = "hello, presigned world".getBytes(StandardCharsets.UTF_8);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static S3ProxyServer s3;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.startTransient();
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  private final ObjectUrlPresigner presigner = new ObjectUrlPresigner(Clock.systemUTC());

  private static HttpResponse<byte[]> put(PresignedPut put, String contentType, byte[] body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(put.url()))
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aWriteOncePutUploadsOnceAndCannotReplaceTheBytesItUploaded() throws Exception {
    String key = "media/uploads/once.txt";
    PresignedPut put =
        presigner.presignPut(
            s3.bucketEndpoint(),
            BUCKET,
            key,
            "text/plain",
            CONTENT.length,
            Duration.ofMinutes(5),
            s3.credentials(),
            true,
            null,
            null);
    assertThat(put.headers()).containsEntry("If-None-Match", "*");
    assertThat(put.url())
        .contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bif-none-match");

    assertThat(send(put, CONTENT).statusCode()).isEqualTo(200);
    byte[] other = new byte[CONTENT.length];
    java.util.Arrays.fill(other, (byte) '!');
    assertThat(send(put, other).statusCode()).isEqualTo(412);
    assertThat(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray())
        .isEqualTo(CONTENT);

    // Without the header the signature does not match: the uploader must send it.
    assertThat(put(put, "text/plain", CONTENT).statusCode()).isEqualTo(403);
  }

  /** A PUT with every header the presigned URL lists, as an uploader following it sends. */
  private static HttpResponse<byte[]> send(PresignedPut put, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(put.url()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    put.headers().entrySet().stream()
        .filter(h -> !h.getKey().equalsIgnoreCase("Content-Length")) // set by the client
        .forEach(h -> request.header(h.getKey(), h.getValue()));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void presignedPutThenPresignedGetRoundTripTheSameBytes() throws Exception {
    String key = "media/uploads/put me.txt";
    PresignedPut put =
        presigner.presignPut(
            s3.bucketEndpoint(),
            BUCKET,
            key,
            "text/plain",
            CONTENT.length,
            Duration.ofMinutes(5),
            s3.credentials());
    assertThat(put.headers())
        .containsEntry("Content-Type", "text/plain")
        .containsEntry("Content-Length", String.valueOf(CONTENT.length));
    assertThat(put.url()).contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost");

    assertThat(put(put, "text/plain", CONTENT).statusCode()).isEqualTo(200);

    PresignedGet download =
        presigner.presignGet(
            s3.bucketEndpoint(),
            BUCKET,
            key,
            Duration.ofMinutes(5),
            "text/plain",
            "attachment; filename=\"put me.txt\"",
            s3.credentials());
    HttpResponse<byte[]> response = get(download.url());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(CONTENT);
    assertThat(response.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"put me.txt\"");
  }

  @Test
  void presignedPutRejectsAnotherContentTypeOrSize() throws Exception {
    String key = "media/uploads/strict.txt";
    PresignedPut put =
        presigner.presignPut(
            s3.bucketEndpoint(),
            BUCKET,
            key,
            "text/plain",
            CONTENT.length,
            Duration.ofMinutes(5),
            s3.credentials());

    assertThat(put(put, "text/html", CONTENT).statusCode()).isEqualTo(403);
    assertThat(put(put, "text/plain", "x".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(403);
    assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents()).isEmpty();
  }

  @Test
  void expiredOrTamperedDownloadLinksAreRefused() throws Exception {
    String key = "media/uploads/private.txt";
    s3.client()
        .putObject(
            b -> b.bucket(BUCKET).key(key),
            software.amazon.awssdk.core.sync.RequestBody.fromBytes(CONTENT));
    ObjectUrlPresigner past =
        new ObjectUrlPresigner(
            Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));

    PresignedGet expired =
        past.presignGet(
            s3.bucketEndpoint(), BUCKET, key, Duration.ofMinutes(5), null, null, s3.credentials());
    PresignedGet valid =
        presigner.presignGet(
            s3.bucketEndpoint(), BUCKET, key, Duration.ofMinutes(5), null, null, s3.credentials());

    assertThat(get(expired.url()).statusCode()).isEqualTo(403);
    assertThat(get(valid.url().replace("private.txt", "other.txt")).statusCode()).isEqualTo(403);
    assertThat(get(valid.url()).body()).isEqualTo(CONTENT);
  }

  /**
   * S3Proxy 4.1.0 checks both: the checksum against the body it receives (400 BadDigest), and that
   * every signed header is sent with its signed value (403).
   */
  @Test
  void aPutWithChecksumAndMetadataStoresThemAndRefusesOtherBytesOrMissingHeaders()
      throws Exception {
    String key = "media/uploads/checked.txt";
    String checksum =
        java.util.Base64.getEncoder()
            .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(CONTENT));
    PresignedPut put =
        presigner.presignPut(
            s3.bucketEndpoint(),
            BUCKET,
            key,
            "text/plain",
            CONTENT.length,
            Duration.ofMinutes(5),
            s3.credentials(),
            false,
            java.util.Map.of("Owner", "shop-web", "batch", "7"),
            checksum);
    assertThat(put.headers())
        .containsEntry("x-amz-checksum-sha256", checksum)
        .containsEntry("x-amz-meta-owner", "shop-web")
        .containsEntry("x-amz-meta-batch", "7");

    // Other bytes of the same length: the signature holds, the checksum does not.
    byte[] other = CONTENT.clone();
    other[0] = 'H';
    HttpResponse<byte[]> wrongBytes = send(put, other);
    assertThat(wrongBytes.statusCode()).isEqualTo(400);
    assertThat(new String(wrongBytes.body(), StandardCharsets.UTF_8)).contains("BadDigest");
    // Without the signed headers (as the PUT fallback used to sign it): the signature breaks.
    assertThat(put(put, "text/plain", CONTENT).statusCode()).isEqualTo(403);
    // Another metadata value than the signed one: refused too.
    HttpRequest.Builder forged =
        HttpRequest.newBuilder(URI.create(put.url()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(CONTENT));
    put.headers().entrySet().stream()
        .filter(h -> !h.getKey().equalsIgnoreCase("Content-Length"))
        .forEach(
            h ->
                forged.header(
                    h.getKey(),
                    h.getKey().equals("x-amz-meta-owner") ? "someone-else" : h.getValue()));
    assertThat(HTTP.send(forged.build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode())
        .isEqualTo(403);
    assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents()).isEmpty();

    assertThat(send(put, CONTENT).statusCode()).isEqualTo(200);
    var head = s3.client().headObject(b -> b.bucket(BUCKET).key(key));
    assertThat(head.metadata()).containsEntry("owner", "shop-web").containsEntry("batch", "7");
    assertThat(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray())
        .isEqualTo(CONTENT);
  }
}
