package dev.presign.s3;

import dev.presign.signing.AddressingStyle;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 client per (endpoint, credentials), reused across reconciles: building a client costs
 * milliseconds and a connection pool. Least recently used clients beyond a bound are closed.
 * Timeouts are short because every call here is a HEAD that a reconciler or an HTTP request waits
 * on.
 */
public final class S3ClientCache implements AutoCloseable {
  private static final int MAX_CLIENTS = 32;

  private final Duration callTimeout;
  private final Map<Key, S3Client> clients =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, S3Client> eldest) {
          if (size() > MAX_CLIENTS) {
            eldest.getValue().close();
            return true;
          }
          return false;
        }
      };

  public S3ClientCache(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  public synchronized S3Client clientFor(BucketEndpoint endpoint, SigningCredentials credentials) {
    return clients.computeIfAbsent(
        new Key(endpoint.toString(), credentials), key -> build(endpoint, credentials));
  }

  private S3Client build(BucketEndpoint endpoint, SigningCredentials credentials) {
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
                    .connectionTimeout(callTimeout)
                    .socketTimeout(callTimeout))
            .overrideConfiguration(
                o ->
                    o.apiCallTimeout(callTimeout.multipliedBy(2))
                        .apiCallAttemptTimeout(callTimeout)
                        .retryStrategy(RetryMode.STANDARD))
            .forcePathStyle(endpoint.style() == AddressingStyle.PATH);
    if (endpoint.endpoint() != null) {
      builder.endpointOverride(endpoint.endpoint());
    }
    return builder.build();
  }

  @Override
  public synchronized void close() {
    clients.values().forEach(S3Client::close);
    clients.clear();
  }

  /** Holds the credentials (for equality) but never prints them. */
  private record Key(String endpoint, SigningCredentials credentials) {
    @Override
    public String toString() {
      return "Key[" + endpoint + ", " + credentials.accessKeyId() + "]";
    }
  }
}
