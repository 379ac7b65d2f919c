package dev.presign.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PresignedUploadPart;
import dev.presign.testing.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;

/**
 * The server-side multipart calls and presigned UploadPart URLs against S3Proxy 4.1.0 (in-memory
 * store), which verifies SigV4 signatures: what the operator relies on, proven on a real store.
 */
class MultipartStoreS3ProxyIT {
  private static final String BUCKET = "multipart";
  private static final int MIB = 1024 * 1024;

  private static S3ProxyServer s3;
  private static S3ClientCache clients;
  private static S3ClientCache completeClients;
  private static MultipartStore store;
  private static final ObjectUrlPresigner presigner = new ObjectUrlPresigner(Clock.systemUTC());
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.startTransient();
    s3.createBucket(BUCKET);
    clients = new S3ClientCache(Duration.ofSeconds(5));
    completeClients =
        S3ClientCache.forSingleLongCalls(Duration.ofSeconds(5), Duration.ofMinutes(1));
    store = new MultipartStore(clients, completeClients, CompletionTimeout.DEFAULT);
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close();
    completeClients.close();
    s3.close();
  }

  private static BucketEndpoint endpoint() {
    return s3.bucketEndpoint();
  }

  private static HttpResponse<String> put(String url, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static PresignedUploadPart sign(String key, String uploadId, int part, long length) {
    return presigner.presignUploadPart(
        endpoint(), BUCKET, key, uploadId, part, length, Duration.ofMinutes(5), s3.credentials());
  }

  @Test
  void presignedPartsUploadListAndComplete() throws Exception {
    String key = "media/uploads/whole";
    byte[] file = new byte[2 * 5 * MIB + 123];
    new Random(7).nextBytes(file);
    String uploadId =
        store.create(
            endpoint(), s3.credentials(), BUCKET, key, "video/mp4", Map.of("origin", "test"));
    assertThat(store.openUploads(endpoint(), s3.credentials(), BUCKET, key))
        .extracting(OpenUpload::uploadId)
        .containsExactly(uploadId);

    int[][] ranges = {{0, 5 * MIB}, {5 * MIB, 10 * MIB}, {10 * MIB, file.length}};
    for (int i = 0; i < ranges.length; i++) {
      byte[] part = Arrays.copyOfRange(file, ranges[i][0], ranges[i][1]);
      HttpResponse<String> answer = put(sign(key, uploadId, i + 1, part.length).url(), part);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(answer.headers().firstValue("ETag")).isPresent();
    }
    List<StoredPart> parts =
        store.listParts(endpoint(), s3.credentials(), BUCKET, key, uploadId).orElseThrow();
    assertThat(parts).extracting(StoredPart::partNumber).containsExactly(1, 2, 3);
    assertThat(parts).extracting(StoredPart::size).containsExactly(5L * MIB, 5L * MIB, 123L);

    assertThat(store.complete(endpoint(), s3.credentials(), BUCKET, key, uploadId, parts))
        .isEqualTo(MultipartStore.Completed.DONE);
    ResponseBytes<?> stored = s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
    assertThat(stored.asByteArray()).isEqualTo(file);
    assertThat(store.openUploads(endpoint(), s3.credentials(), BUCKET, key)).isEmpty();
    // AWS answers 404 NoSuchUpload (empty); S3Proxy 4.1.0 an empty list: no parts either way.
    assertThat(
            store.listParts(endpoint(), s3.credentials(), BUCKET, key, uploadId).orElse(List.of()))
        .isEmpty();
  }

  @Test
  void aPartUrlIsBoundToItsPartNumberUploadAndLength() throws Exception {
    String key = "media/uploads/bound";
    String uploadId = store.create(endpoint(), s3.credentials(), BUCKET, key, "text/plain", null);
    String url = sign(key, uploadId, 1, 10).url();

    HttpResponse<String> otherPart = put(url.replace("partNumber=1", "partNumber=2"), new byte[10]);
    HttpResponse<String> otherLength = put(url, new byte[11]);
    HttpResponse<String> otherKey = put(url.replace("/bound?", "/other?"), new byte[10]);

    assertThat(otherPart.statusCode()).as(otherPart.body()).isEqualTo(403);
    assertThat(otherLength.statusCode()).as(otherLength.body()).isEqualTo(403);
    assertThat(otherKey.statusCode()).as(otherKey.body()).isEqualTo(403);
    assertThat(put(url, new byte[10]).statusCode()).isEqualTo(200);
    assertThat(store.listParts(endpoint(), s3.credentials(), BUCKET, key, uploadId).orElseThrow())
        .extracting(StoredPart::partNumber)
        .containsExactly(1);
  }

  @Test
  void abortEndsTheUploadAndASecondAbortFindsNothing() {
    String key = "media/uploads/aborted";
    String first = store.create(endpoint(), s3.credentials(), BUCKET, key, "text/plain", null);
    String second = store.create(endpoint(), s3.credentials(), BUCKET, key, "text/plain", null);
    assertThat(store.openUploads(endpoint(), s3.credentials(), BUCKET, key))
        .extracting(OpenUpload::uploadId)
        .containsExactlyInAnyOrder(first, second);

    assertThat(store.abort(endpoint(), s3.credentials(), BUCKET, key, first)).isTrue();
    assertThat(store.abort(endpoint(), s3.credentials(), BUCKET, key, first)).isFalse();

    assertThat(store.openUploads(endpoint(), s3.credentials(), BUCKET, key))
        .extracting(OpenUpload::uploadId)
        .containsExactly(second);
    assertThat(store.openUploads(endpoint(), s3.credentials(), BUCKET, "media/uploads/abort"))
        .as("a prefix of the key is another key")
        .isEmpty();
  }

  @Test
  void anUnreachableStoreIsAnObjectStoreExceptionWithoutSecrets() {
    BucketEndpoint nowhere = BucketEndpoint.of("us-east-1", "http://127.0.0.1:1", null);
    assertThatThrownBy(() -> store.abort(nowhere, s3.credentials(), BUCKET, "k", "u"))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("AbortMultipartUpload")
        .hasMessageNotContaining(s3.secretKey());
  }
}
