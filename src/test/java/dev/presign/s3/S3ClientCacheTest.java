package dev.presign.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * When cached clients are closed: never while leased, always once evicted and released. The clients
 * are stand-ins that record {@code close()}; a real client after eviction is in {@link
 * ObjectStoreS3ProxyIT}.
 */
class S3ClientCacheTest {
  private static final BucketEndpoint WHERE =
      BucketEndpoint.of("us-east-1", "http://127.0.0.1:9000", null);

  /** An S3 client that only knows whether it was closed. */
  private static final class RecordingClient implements S3Client {
    int closed;

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {
      closed++;
    }
  }

  private final List<RecordingClient> built = new ArrayList<>();

  private S3ClientCache cache(int maxClients) {
    return new S3ClientCache(
        maxClients,
        (endpoint, credentials) -> {
          RecordingClient client = new RecordingClient();
          built.add(client);
          return client;
        });
  }

  private static SigningCredentials key(String id) {
    return SigningCredentials.permanent(id, "secret-" + id);
  }

  @Test
  void anEvictedClientIsClosedOnlyWhenItsLastLeaseEnds() {
    S3ClientCache cache = cache(1);
    S3ClientCache.Lease first = cache.acquire(WHERE, key("a"));
    S3ClientCache.Lease second = cache.acquire(WHERE, key("a"));
    RecordingClient a = (RecordingClient) first.client();

    cache.acquire(WHERE, key("b")).close(); // evicts a while two callers use it

    assertThat(cache.size()).isEqualTo(1);
    assertThat(a.closed).isZero();
    first.close();
    first.close(); // a lease closed twice counts once
    assertThat(a.closed).isZero();
    second.close();
    assertThat(a.closed).isEqualTo(1);
  }

  @Test
  void anIdleClientIsClosedWhenEvicted() {
    S3ClientCache cache = cache(2);
    cache.acquire(WHERE, key("a")).close();
    cache.acquire(WHERE, key("b")).close();
    cache.acquire(WHERE, key("a")).close(); // a is now the most recently used
    cache.acquire(WHERE, key("c")).close();

    assertThat(built).hasSize(3);
    assertThat(built.get(0).closed).as("a, used last").isZero();
    assertThat(built.get(1).closed).as("b, least recently used").isEqualTo(1);
    assertThat(built.get(2).closed).as("c").isZero();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void theCacheStaysBoundedAndReusesClients() {
    S3ClientCache cache = cache(4);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 10; i++) {
        cache.acquire(WHERE, key("k" + i)).close();
      }
    }
    assertThat(cache.size()).isEqualTo(4);
    assertThat(built).hasSize(30);
    assertThat(built.stream().filter(c -> c.closed == 1)).hasSize(26);
    assertThat(built).allMatch(c -> c.closed <= 1);

    try (S3ClientCache.Lease one = cache.acquire(WHERE, key("k9"));
        S3ClientCache.Lease again = cache.acquire(WHERE, key("k9"))) {
      assertThat(one.client()).isSameAs(again.client()).isSameAs(built.get(29));
    }
  }

  @Test
  void closingTheCacheWaitsForLeasedClientsOnly() {
    S3ClientCache cache = cache(4);
    S3ClientCache.Lease leased = cache.acquire(WHERE, key("a"));
    cache.acquire(WHERE, key("b")).close();

    cache.close();

    assertThat(built.get(1).closed).isEqualTo(1);
    assertThat(built.get(0).closed).isZero();
    leased.close();
    assertThat(built.get(0).closed).isEqualTo(1);
    assertThat(cache.size()).isZero();
  }
}
