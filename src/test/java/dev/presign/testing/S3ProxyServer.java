package dev.presign.testing;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server (S3Proxy 4.1.0) on 127.0.0.1 and a free port. It verifies SigV4
 * signatures and enforces POST policies the way S3 does, so a test that uploads through it proves
 * the signature, not just its shape.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "test-access-key";
  public static final String REGION = "us-east-1";

  /** The host name a virtual-hosted server is reached by; buckets are its subdomains. */
  private static final String VIRTUAL_HOST = "localhost";

  private final S3Proxy proxy;
  private final String secretKey;
  private final String host;
  private final S3Client client;

  private S3ProxyServer(BlobStore store, String secretKey) throws Exception {
    this(store, secretKey, 0, null, false, false);
  }

  private S3ProxyServer(
      BlobStore store,
      String secretKey,
      int port,
      CrossOriginResourceSharing cors,
      boolean ignoreUnknownHeaders,
      boolean virtualHosted)
      throws Exception {
    this.secretKey = secretKey;
    this.host = virtualHosted ? VIRTUAL_HOST : "127.0.0.1";
    S3Proxy.Builder builder =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secretKey)
            .ignoreUnknownHeaders(ignoreUnknownHeaders);
    if (cors != null) {
      // Browsers preflight a cross-origin PUT; without CORS S3Proxy answers it 403.
      builder.corsRules(cors);
    }
    if (virtualHosted) {
      // Host "bucket.localhost" then names the bucket; any host but "localhost" itself would too.
      builder.virtualHost(VIRTUAL_HOST);
    }
    this.proxy = builder.build();
    proxy.start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(5);
    }
    this.client =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint()))
            .region(Region.of(REGION))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secretKey)))
            .build();
  }

  /** An in-memory store: nothing touches the disk. */
  public static S3ProxyServer startTransient() throws Exception {
    return new S3ProxyServer(new TransientNio2BlobStore(), "test-secret-key");
  }

  /**
   * An in-memory store whose secret key is {@code secretKey} (for leak canaries). It accepts
   * requests made with temporary credentials: S3Proxy does not know the {@code
   * x-amz-security-token} header those carry and refuses them unless told to ignore unknown headers
   * (it checks no session token either way).
   */
  public static S3ProxyServer startTransient(String secretKey) throws Exception {
    return new S3ProxyServer(new TransientNio2BlobStore(), secretKey, 0, null, true, false);
  }

  /**
   * An in-memory store that also takes virtual-hosted requests: {@code Host: bucket.localhost}
   * addresses the bucket. Its {@link #endpoint()} is {@code http://localhost:port}; nothing
   * resolves {@code bucket.localhost}, so a test sends such a request to the endpoint's address
   * with that Host header.
   */
  public static S3ProxyServer startTransientVirtualHosted() throws Exception {
    return new S3ProxyServer(new TransientNio2BlobStore(), "test-secret-key", 0, null, false, true);
  }

  /**
   * A store in a folder with CORS open to every origin, for local mode (uploads survive a restart).
   */
  public static S3ProxyServer startFilesystem(Path directory, int port, String secretKey)
      throws Exception {
    return startFilesystem(
        directory,
        port,
        secretKey,
        new CrossOriginResourceSharing(
            List.of("*"),
            List.of("GET", "HEAD", "PUT", "POST"),
            List.of("*"),
            List.of("ETag"),
            ""));
  }

  /** A store in a folder that answers browsers by {@code cors}, as a bucket's CORS rule would. */
  public static S3ProxyServer startFilesystem(
      Path directory, int port, String secretKey, CrossOriginResourceSharing cors)
      throws Exception {
    java.nio.file.Files.createDirectories(directory);
    return new S3ProxyServer(
        new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()),
        secretKey,
        port,
        cors,
        false,
        false);
  }

  public String endpoint() {
    return "http://" + host + ":" + proxy.getPort();
  }

  public int port() {
    return proxy.getPort();
  }

  public BucketEndpoint bucketEndpoint() {
    return BucketEndpoint.of(REGION, endpoint(), null);
  }

  public SigningCredentials credentials() {
    return SigningCredentials.permanent(ACCESS_KEY, secretKey);
  }

  public String secretKey() {
    return secretKey;
  }

  public S3Client client() {
    return client;
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  /** Creates the bucket unless a previous run of a filesystem store already did. */
  public void ensureBucket(String bucket) {
    if (client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
      createBucket(bucket);
    }
  }

  @Override
  public void close() throws Exception {
    client.close();
    proxy.stop();
  }
}
