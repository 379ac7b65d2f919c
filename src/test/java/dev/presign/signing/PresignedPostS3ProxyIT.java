package dev.presign.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.testing.MultipartForm;
import dev.presign.testing.S3ProxyServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Forms from {@link PostPolicySigner} against a real S3Proxy that enforces POST policies. */
class PresignedPostS3ProxyIT {
  private static final String BUCKET = "presign-it";
  private static final byte[] CONTENT =
      "%PDF-1.4 lorem ipsum dolor sit amet".getBytes(StandardCharsets.US_ASCII);
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

  private static PostPolicySigner signerAt(Instant now) {
    return new PostPolicySigner(Clock.fixed(now, ZoneOffset.UTC), new SigningKeyCache());
  }

  private static PresignedPost sign(String key, long size) {
    PostPolicyRequest request =
        PostPolicyRequest.of(BUCKET, key, "application/pdf", size, Duration.ofMinutes(10));
    return signerAt(Instant.now()).sign(request, s3.credentials(), s3.bucketEndpoint());
  }

  @Test
  void signedFormUploadsTheFile() throws Exception {
    String key = "media/uploads/0123456789abcdef0123456789abcdef-lorem-ipsum.pdf";
    PresignedPost post = sign(key, CONTENT.length);

    HttpResponse<String> response =
        new MultipartForm()
            .fields(post.fields())
            .file("lorem-ipsum.pdf", "application/pdf", CONTENT)
            .postTo(post.url());

    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    HeadObjectResponse head = s3.client().headObject(b -> b.bucket(BUCKET).key(key));
    assertThat(head.contentLength()).isEqualTo(CONTENT.length);
    assertThat(head.contentType()).isEqualTo("application/pdf");
    ResponseBytes<GetObjectResponse> stored =
        s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
    assertThat(stored.asByteArray()).isEqualTo(CONTENT);
  }

  @Test
  void metadataSuccessStatusAndChecksumAreAccepted() throws Exception {
    String key = "media/uploads/meta.pdf";
    String checksum =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(CONTENT));
    PostPolicyRequest request =
        new PostPolicyRequest(
            BUCKET,
            key,
            "application/pdf",
            CONTENT.length,
            Duration.ofMinutes(5),
            Map.of("Owner", "team-a"),
            201,
            checksum);
    PresignedPost post =
        signerAt(Instant.now()).sign(request, s3.credentials(), s3.bucketEndpoint());

    HttpResponse<String> response =
        new MultipartForm()
            .fields(post.fields())
            .file("a.pdf", "application/pdf", CONTENT)
            .postTo(post.url());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.body()).contains("<ETag>");
    HeadObjectResponse head = s3.client().headObject(b -> b.bucket(BUCKET).key(key));
    assertThat(head.metadata()).containsEntry("owner", "team-a");
  }

  static Stream<Arguments> tamperedForms() {
    return Stream.of(
        Arguments.of(
            "tampered signature",
            (Consumer<Map<String, String>>)
                f -> f.put("x-amz-signature", flipLastHex(f.get("x-amz-signature"))),
            0),
        Arguments.of("one byte over the declared size", (Consumer<Map<String, String>>) f -> {}, 1),
        Arguments.of(
            "one byte under the declared size", (Consumer<Map<String, String>>) f -> {}, -1),
        Arguments.of(
            "another key",
            (Consumer<Map<String, String>>) f -> f.put("key", "media/uploads/other.pdf"),
            0),
        Arguments.of(
            "another Content-Type",
            (Consumer<Map<String, String>>) f -> f.put("Content-Type", "text/html"),
            0),
        Arguments.of(
            "an extra field not in the policy",
            (Consumer<Map<String, String>>) f -> f.put("acl", "public-read"),
            0),
        Arguments.of(
            "an extra metadata field",
            (Consumer<Map<String, String>>) f -> f.put("x-amz-meta-role", "admin"),
            0),
        Arguments.of(
            "a tampered policy",
            (Consumer<Map<String, String>>) f -> f.put("policy", f.get("policy").replace('A', 'B')),
            0));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("tamperedForms")
  void rejectsFormsThatDifferFromWhatWasSigned(
      String name, Consumer<Map<String, String>> tamper, int sizeDelta) throws Exception {
    String key = "media/uploads/tamper-" + name.replace(' ', '-') + ".pdf";
    PresignedPost post = sign(key, CONTENT.length);
    Map<String, String> fields = new LinkedHashMap<>(post.fields());
    tamper.accept(fields);
    byte[] body = Arrays.copyOf(CONTENT, CONTENT.length + sizeDelta);

    HttpResponse<String> response =
        new MultipartForm()
            .fields(fields)
            .file("a.pdf", "application/pdf", body)
            .postTo(post.url());

    assertThat(response.statusCode()).as(name + ": " + response.body()).isBetween(400, 499);
    assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents()).isEmpty();
  }

  @Test
  void rejectsAnExpiredForm() throws Exception {
    String key = "media/uploads/expired.pdf";
    PostPolicyRequest request =
        PostPolicyRequest.of(BUCKET, key, "application/pdf", CONTENT.length, Duration.ofMinutes(5));
    PresignedPost post =
        signerAt(Instant.now().minus(Duration.ofHours(1)))
            .sign(request, s3.credentials(), s3.bucketEndpoint());

    HttpResponse<String> response =
        new MultipartForm()
            .fields(post.fields())
            .file("a.pdf", "application/pdf", CONTENT)
            .postTo(post.url());

    assertThat(response.statusCode()).isBetween(400, 499);
    assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents()).isEmpty();
  }

  @Test
  void rejectsAFormSignedWithAnotherSecret() throws Exception {
    String key = "media/uploads/wrong-secret.pdf";
    PostPolicyRequest request =
        PostPolicyRequest.of(BUCKET, key, "application/pdf", CONTENT.length, Duration.ofMinutes(5));
    PresignedPost post =
        signerAt(Instant.now())
            .sign(
                request,
                SigningCredentials.permanent(S3ProxyServer.ACCESS_KEY, "not-the-secret"),
                s3.bucketEndpoint());

    HttpResponse<String> response =
        new MultipartForm()
            .fields(post.fields())
            .file("a.pdf", "application/pdf", CONTENT)
            .postTo(post.url());

    assertThat(response.statusCode()).isEqualTo(403);
  }

  private static String flipLastHex(String hex) {
    char last = hex.charAt(hex.length() - 1);
    return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
  }
}
