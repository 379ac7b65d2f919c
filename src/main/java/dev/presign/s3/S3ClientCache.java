package dev.presign.s3;

import dev.presign.signing.AddressingStyle;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 client per (endpoint, credentials), reused across reconciles: building a client costs
 * milliseconds and a connection pool. Timeouts are short because most calls here are a HEAD or a
 * listing that a reconciler or an HTTP request waits on; {@link #forSingleLongCalls} makes the
 * clients for the one call that may take minutes.
 *
 * <p>At most {@value #MAX_CLIENTS} clients stay cached; the least recently used one beyond that is
 * evicted. A client is handed out as a {@link Lease} and counted while leased, because an eviction
 * happens on whichever thread asks for another client: closing the evicted client at once would
 * break a call another thread is making with it (the SDK then refuses the call with a {@code
 * RejectedExecutionException}). An evicted client is therefore closed when its last lease ends.
 * Evicted clients still leased are at most one per thread in a call, so the bound holds.
 */
public final class S3ClientCache implements AutoCloseable {
  static final int MAX_CLIENTS = 32;

  private final int maxClients;
  private final BiFunction<BucketEndpoint, SigningCredentials, S3Client> factory;
  private final Map<Key, Entry> clients = new LinkedHashMap<>(16, 0.75f, true);

  public S3ClientCache(Duration callTimeout) {
    this(
        MAX_CLIENTS,
        (endpoint, credentials) ->
            build(
                endpoint,
                credentials,
                callTimeout,
                callTimeout,
                callTimeout.multipliedBy(2),
                true));
  }

  /**
   * Clients for a call that may take long and must not be repeated blindly
   * (CompleteMultipartUpload): one attempt, and the socket may stay silent for up to {@code
   * longest}. A repeated complete races the first one on the server, and the second answers an
   * error although the object was assembled; the caller decides what a failure means instead. Each
   * call sets its own (shorter) timeout per request; connecting stays as quick as for any call.
   */
  public static S3ClientCache forSingleLongCalls(Duration connectTimeout, Duration longest) {
    return new S3ClientCache(
        MAX_CLIENTS,
        (endpoint, credentials) ->
            build(endpoint, credentials, connectTimeout, longest, longest, false));
  }

  /** For tests: another bound, and clients that record what happens to them. */
  S3ClientCache(int maxClients, BiFunction<BucketEndpoint, SigningCredentials, S3Client> factory) {
    if (maxClients < 1) {
      throw new IllegalArgumentException("maxClients must be at least 1, not " + maxClients);
    }
    this.maxClients = maxClients;
    this.factory = factory;
  }

  /** A client leased for one or more calls; close the lease (not the client) when done. */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean released;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public S3Client client() {
      return entry.client;
    }

    @Override
    public void close() {
      if (released) {
        return;
      }
      released = true;
      release(entry);
    }
  }

  /** The client for this endpoint and these credentials, leased until the lease is closed. */
  public Lease acquire(BucketEndpoint endpoint, SigningCredentials credentials) {
    List<S3Client> toClose = new ArrayList<>();
    Lease lease;
    synchronized (this) {
      Entry entry =
          clients.computeIfAbsent(
              new Key(endpoint.toString(), credentials),
              key -> new Entry(factory.apply(endpoint, credentials)));
      entry.users++;
      lease = new Lease(entry);
      evictBeyondBound(toClose);
    }
    // Closing shuts down a connection pool: not while holding the lock other callers wait on.
    toClose.forEach(S3Client::close);
    return lease;
  }

  /** Number of clients cached (leased or not), not counting evicted ones still leased. */
  synchronized int size() {
    return clients.size();
  }

  private void evictBeyondBound(List<S3Client> toClose) {
    Iterator<Entry> eldestFirst = clients.values().iterator();
    while (clients.size() > maxClients && eldestFirst.hasNext()) {
      Entry eldest = eldestFirst.next();
      eldestFirst.remove();
      eldest.evicted = true;
      if (eldest.users == 0) {
        toClose.add(eldest.client);
      }
    }
  }

  private void release(Entry entry) {
    boolean close;
    synchronized (this) {
      entry.users--;
      close = entry.evicted && entry.users == 0;
    }
    if (close) {
      entry.client.close();
    }
  }

  private static S3Client build(
      BucketEndpoint endpoint,
      SigningCredentials credentials,
      Duration connectTimeout,
      Duration attemptTimeout,
      Duration callTimeout,
      boolean retry) {
    AwsCredentials awsCredentials =
        credentials.isTemporary()
            ? AwsSessionCredentials.create(
                credentials.accessKeyId(),
                credentials.secretAccessKey(),
                credentials.sessionToken())
            : AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey());
    var builder =
        S3Client.builder()
            .region(Region.of(endpoint.region()))
            .credentialsProvider(StaticCredentialsProvider.create(awsCredentials))
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(connectTimeout)
                    .socketTimeout(attemptTimeout))
            .overrideConfiguration(
                o -> {
                  o.apiCallTimeout(callTimeout).apiCallAttemptTimeout(attemptTimeout);
                  if (retry) {
                    o.retryStrategy(RetryMode.STANDARD);
                  } else {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                  }
                })
            .forcePathStyle(endpoint.style() == AddressingStyle.PATH);
    if (endpoint.endpoint() != null) {
      builder.endpointOverride(endpoint.endpoint());
    }
    return builder.build();
  }

  /**
   * Evicts every client: idle ones are closed now, leased ones when their lease ends (a call in
   * flight at shutdown finishes or times out rather than failing half-way).
   */
  @Override
  public void close() {
    List<S3Client> toClose = new ArrayList<>();
    synchronized (this) {
      for (Entry entry : clients.values()) {
        entry.evicted = true;
        if (entry.users == 0) {
          toClose.add(entry.client);
        }
      }
      clients.clear();
    }
    toClose.forEach(S3Client::close);
  }

  /** A cached client and how many leases of it are open; guarded by the cache's lock. */
  private static final class Entry {
    final S3Client client;
    int users;
    boolean evicted;

    Entry(S3Client client) {
      this.client = client;
    }
  }

  /** Holds the credentials (for equality) but never prints them. */
  private record Key(String endpoint, SigningCredentials credentials) {
    @Override
    public String toString() {
      return "Key[" + endpoint + ", " + credentials.accessKeyId() + "]";
    }
  }
}
