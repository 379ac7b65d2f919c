package dev.presign.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.SigningCredentials;
import dev.presign.testing.S3ProxyServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The operator's HeadObject without the SDK client, against a real S3Proxy that verifies the
 * presigned HEAD's signature: it must say what the SDK's HeadObject says about the same object, and
 * fail the way {@code ObjectStore.headObject} always failed.
 */
class HttpHeadObjectS3ProxyIT {
  private static final String BUCKET = "head-it";
  private static final String CANARY = "canary-head-secret-77a1";
  private static S3ProxyServer s3;
  private static S3ProxyServer withSessions;
  private static HttpHeadObject heads;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.startTransient();
    s3.createBucket(BUCKET);
    withSessions = S3ProxyServer.startTransient(CANARY);
    withSessions.createBucket(BUCKET);
    heads = new HttpHeadObject(new ObjectUrlPresigner(Clock.systemUTC()), Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    withSessions.close();
  }

  @Test
  void anUploadedObjectGivesWhatTheSdkGives() {
    String key = "media/uploads/seen-by-both.pdf";
    s3.client()
        .putObject(
            b -> b.bucket(BUCKET).key(key).contentType("application/pdf"),
            RequestBody.fromString("hello"));
    HeadObjectResponse sdk = s3.client().headObject(b -> b.bucket(BUCKET).key(key));

    StoredObject object = heads.head(s3.bucketEndpoint(), s3.credentials(), BUCKET, key).get();

    assertThat(object.size()).isEqualTo(5).isEqualTo(sdk.contentLength());
    assertThat(object.etag())
        .isEqualTo("5d41402abc4b2a76b9719d911017c592")
        .isEqualTo(ObjectStore.stripQuotes(sdk.eTag()));
    assertThat(object.contentType()).isEqualTo("application/pdf").isEqualTo(sdk.contentType());
    assertThat(object.lastModified())
        .isEqualTo(sdk.lastModified())
        .isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
    assertThat(object.versionId()).isNull();
  }

  /** The key is encoded the way S3Proxy decodes it, or the signature would not match. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "media/uploads/a b+c.txt",
        "media/uploads/ünïcødé-ファイル.txt",
        "media/uploads/odd?#&=;%~!'()*,$@:[].txt",
        "media/uploads/trailing space .txt"
      })
  void keysThatNeedEncodingAreFound(String key) {
    s3.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("abc"));

    assertThat(heads.head(s3.bucketEndpoint(), s3.credentials(), BUCKET, key))
        .hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(3));
  }

  @Test
  void aMissingObjectIsEmpty() {
    assertThat(heads.head(s3.bucketEndpoint(), s3.credentials(), BUCKET, "media/not-yet.pdf"))
        .isEmpty();
  }

  @Test
  void sessionCredentialsSendTheirToken() {
    String key = "media/uploads/with-session.txt";
    withSessions
        .client()
        .putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("session"));
    SigningCredentials session =
        new SigningCredentials(
            S3ProxyServer.ACCESS_KEY, CANARY, "session-token", Instant.now().plusSeconds(600));

    assertThat(heads.head(withSessions.bucketEndpoint(), session, BUCKET, key))
        .hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(7));
  }

  @Test
  void wrongCredentialsAre403WithoutTheSecretOrTheSignature() {
    SigningCredentials wrong = SigningCredentials.permanent(S3ProxyServer.ACCESS_KEY, CANARY);

    assertThatThrownBy(() -> heads.head(s3.bucketEndpoint(), wrong, BUCKET, "media/any.pdf"))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessage("HeadObject answered HTTP 403 at " + s3.endpoint())
        .hasMessageNotContaining(CANARY)
        .hasMessageNotContaining("X-Amz");
  }

  /**
   * Expired credentials are sent as the SDK sent them, and the store decides: S3Proxy checks no
   * token and answers (AWS would answer 403, an ObjectStoreException as before).
   */
  @Test
  void expiredSessionCredentialsAreSentAndTheStoreDecides() {
    String key = "media/uploads/with-expired-session.txt";
    withSessions
        .client()
        .putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("expired"));
    SigningCredentials expired =
        new SigningCredentials(
            S3ProxyServer.ACCESS_KEY, CANARY, "session-token", Instant.now().minusSeconds(1));

    assertThat(heads.head(withSessions.bucketEndpoint(), expired, BUCKET, key))
        .hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(7));
    assertThat(heads.head(withSessions.bucketEndpoint(), expired, BUCKET, "media/unused.txt"))
        .isEmpty();
  }

  @Test
  void aClosedPortCannotBeReached() {
    BucketEndpoint nowhere = BucketEndpoint.of("us-east-1", "http://127.0.0.1:1", null);

    assertThatThrownBy(() -> heads.head(nowhere, s3.credentials(), BUCKET, "media/any.pdf"))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessage("cannot reach http://127.0.0.1:1: Connection refused")
        .hasMessageNotContaining("X-Amz")
        .hasMessageNotContaining(s3.secretKey());
  }

  /** A server that accepts and never answers: the S3 timeout ends the call. */
  @Test
  void aSilentServerTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      BucketEndpoint endpoint =
          BucketEndpoint.of("us-east-1", "http://127.0.0.1:" + silent.getLocalPort(), null);
      HttpHeadObject quick =
          new HttpHeadObject(new ObjectUrlPresigner(Clock.systemUTC()), Duration.ofMillis(500));

      assertThatThrownBy(() -> quick.head(endpoint, s3.credentials(), BUCKET, "media/any.pdf"))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessage("cannot reach " + endpoint.endpoint() + ": Read timed out");
    }
  }

  /** Same results through {@link ObjectStore}, the only way the domain asks. */
  @Test
  void objectStoreAnswersThroughIt() {
    try (S3ClientCache clients = new S3ClientCache(Duration.ofSeconds(2))) {
      ObjectStore store = new ObjectStore(clients, heads);
      s3.client()
          .putObject(
              b ->
                  b.bucket(BUCKET)
                      .key("media/store.txt")
                      .contentType("text/plain")
                      .metadata(Map.of("owner", "it")),
              RequestBody.fromString("store"));

      assertThat(store.headObject(s3.bucketEndpoint(), s3.credentials(), BUCKET, "media/store.txt"))
          .hasValueSatisfying(o -> assertThat(o.contentType()).isEqualTo("text/plain"));
      assertThat(store.headObject(s3.bucketEndpoint(), s3.credentials(), BUCKET, "media/none"))
          .isEmpty();
    }
  }
}
