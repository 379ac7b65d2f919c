package dev.presign.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.testing.S3ProxyServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
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
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Presigned HEADs, signed with a fixed clock, against S3Proxy, which verifies query-string
 * signatures: path-style and virtual-hosted URLs are accepted, an expired one and one used for
 * another method are not.
 */
class PresignedHeadS3ProxyIT {
  private static final String BUCKET = "head-sign-it";
  private static final String KEY = "media/uploads/a b.txt";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static S3ProxyServer s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.startTransientVirtualHosted();
    s3.createBucket(BUCKET);
    s3.client().putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromString("hello"));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static PresignedHead signedAt(Instant at, AddressingStyle style) {
    return new ObjectUrlPresigner(Clock.fixed(at, ZoneOffset.UTC))
        .presignHead(
            BucketEndpoint.of(S3ProxyServer.REGION, s3.endpoint(), style),
            BUCKET,
            KEY,
            Duration.ofSeconds(60),
            s3.credentials());
  }

  @Test
  void aPathStyleHeadIsAccepted() throws Exception {
    PresignedHead head = signedAt(Instant.now(), AddressingStyle.PATH);
    assertThat(head.url().getHost()).isEqualTo("localhost");

    HttpResponse<Void> answer = send("HEAD", head.url());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(5);
  }

  /** Nothing resolves bucket.localhost: the request goes to S3Proxy with that Host header. */
  @Test
  void aVirtualHostedHeadIsAccepted() throws Exception {
    PresignedHead head = signedAt(Instant.now(), AddressingStyle.VIRTUAL);
    assertThat(head.url().getHost()).isEqualTo(BUCKET + ".localhost");
    assertThat(head.url().getRawPath()).isEqualTo("/media/uploads/a%20b.txt");

    assertThat(statusLineViaHostHeader(head.url())).isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  void anExpiredHeadIsRefused() throws Exception {
    PresignedHead head = signedAt(Instant.now().minusSeconds(600), AddressingStyle.PATH);

    assertThat(send("HEAD", head.url()).statusCode()).isEqualTo(403);
  }

  @Test
  void aHeadUrlCannotDownload() throws Exception {
    PresignedHead head = signedAt(Instant.now(), AddressingStyle.PATH);

    assertThat(send("GET", head.url()).statusCode()).isEqualTo(403);
  }

  private static HttpResponse<Void> send(String method, URI url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static String statusLineViaHostHeader(URI url) throws Exception {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), s3.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HEAD "
                  + url.getRawPath()
                  + "?"
                  + url.getRawQuery()
                  + " HTTP/1.1\r\nHost: "
                  + url.getHost()
                  + ":"
                  + url.getPort()
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }
}
