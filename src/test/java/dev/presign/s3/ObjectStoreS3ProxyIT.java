package dev.presign.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.SigningCredentials;
import dev.presign.testing.S3ProxyServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

class ObjectStoreS3ProxyIT {
  private static S3ProxyServer s3;
  private static S3ClientCache clients;
  private static ObjectStore store;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.startTransient();
    s3.createBucket("probe-ok");
    clients = new S3ClientCache(Duration.ofSeconds(2));
    store =
        new ObjectStore(
            clients,
            new HttpHeadObject(new ObjectUrlPresigner(Clock.systemUTC()), Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close();
    s3.close();
  }

  @Test
  void existingBucketProbesOk() {
    BucketProbe probe = store.headBucket(s3.bucketEndpoint(), s3.credentials(), "probe-ok");
    assertThat(probe.ok()).isTrue();
    assertThat(probe.reason()).isEqualTo("Probed");
  }

  @Test
  void missingBucketSaysSo() {
    BucketProbe probe = store.headBucket(s3.bucketEndpoint(), s3.credentials(), "no-such-bucket");
    assertThat(probe.ok()).isFalse();
    assertThat(probe.reason()).isEqualTo("BucketNotFound");
    assertThat(probe.message()).contains("no-such-bucket").contains("spec.bucket");
  }

  @Test
  void wrongSecretIsCredentialsInvalidAndNeverEchoed() {
    SigningCredentials wrong =
        SigningCredentials.permanent(S3ProxyServer.ACCESS_KEY, "canary-wrong-secret-0xdeadbeef");
    BucketProbe probe = store.headBucket(s3.bucketEndpoint(), wrong, "probe-ok");
    assertThat(probe.ok()).isFalse();
    assertThat(probe.reason()).isEqualTo("CredentialsInvalid");
    assertThat(probe.message()).doesNotContain("canary-wrong-secret");
  }

  @Test
  void unreachableEndpointIsAProbeFailure() {
    BucketEndpoint nowhere = BucketEndpoint.of("us-east-1", "http://127.0.0.1:1", null);
    BucketProbe probe = store.headBucket(nowhere, s3.credentials(), "probe-ok");
    assertThat(probe.ok()).isFalse();
    assertThat(probe.reason()).isEqualTo("BucketProbeFailed");
    assertThat(probe.message()).contains("127.0.0.1:1");
    assertThatThrownBy(() -> store.headObject(nowhere, s3.credentials(), "probe-ok", "k"))
        .isInstanceOf(ObjectStoreException.class);
  }

  @Test
  void headObjectReportsSizeEtagAndTypeOrEmpty() {
    s3.client()
        .putObject(
            b -> b.bucket("probe-ok").key("media/a.txt").contentType("text/plain"),
            RequestBody.fromString("hello"));

    assertThat(store.headObject(s3.bucketEndpoint(), s3.credentials(), "probe-ok", "media/a.txt"))
        .hasValueSatisfying(
            object -> {
              assertThat(object.size()).isEqualTo(5);
              assertThat(object.etag())
                  .isEqualTo("5d41402abc4b2a76b9719d911017c592")
                  .doesNotContain("\"");
              assertThat(object.contentType()).isEqualTo("text/plain");
            });
    assertThat(
            store.headObject(
                s3.bucketEndpoint(), s3.credentials(), "probe-ok", "media/missing.txt"))
        .isEmpty();
  }

  @Test
  void clientsAreReusedPerEndpointAndCredentials() {
    try (S3ClientCache.Lease one = clients.acquire(s3.bucketEndpoint(), s3.credentials());
        S3ClientCache.Lease same = clients.acquire(s3.bucketEndpoint(), s3.credentials());
        S3ClientCache.Lease other =
            clients.acquire(s3.bucketEndpoint(), SigningCredentials.permanent("other", "x"))) {
      assertThat(one.client()).isSameAs(same.client());
      assertThat(other.client()).isNotSameAs(one.client());
    }
  }

  /**
   * A reconciler thread holds a client while another thread's calls for other classes push it out
   * of the cache: the real SDK client must still answer (before leases, it was closed under the
   * first thread, whose call failed with a RejectedExecutionException).
   */
  @Test
  void aClientInUseSurvivesItsEviction() {
    try (S3ClientCache.Lease inUse = clients.acquire(s3.bucketEndpoint(), s3.credentials())) {
      for (int i = 0; i < S3ClientCache.MAX_CLIENTS + 8; i++) {
        clients
            .acquire(s3.bucketEndpoint(), SigningCredentials.permanent("evictor-" + i, "x"))
            .close();
      }
      assertThat(
              inUse.client().headBucket(b -> b.bucket("probe-ok")).sdkHttpResponse().isSuccessful())
          .isTrue();
    }
    assertThat(store.headBucket(s3.bucketEndpoint(), s3.credentials(), "probe-ok").ok()).isTrue();
  }
}
