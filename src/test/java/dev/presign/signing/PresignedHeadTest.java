package dev.presign.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presign.testing.SharedTestData;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The presigned HEAD behind the operator's HeadObject, with a fixed clock: where it points for each
 * addressing rule, what it signs, and a signature recomputed here from the SigV4 rules (an oracle
 * first checked against the published presigned-GET vector). That S3 accepts it is proven against
 * S3Proxy in {@code PresignedHeadS3ProxyIT}.
 */
class PresignedHeadTest {
  private static final Instant T0 = Instant.parse("2026-12-05T07:30:00Z");
  private static final String SECRET = "canary-head-secret-5e1f";
  private static final SigningCredentials PERMANENT =
      SigningCredentials.permanent("AKIDEXAMPLE", SECRET);
  private final ObjectUrlPresigner presigner =
      new ObjectUrlPresigner(Clock.fixed(T0, ZoneOffset.UTC));

  static Stream<Arguments> addressing() {
    return Stream.of(
        Arguments.of(
            "AWS us-east-1, virtual-hosted",
            BucketEndpoint.aws("us-east-1", null),
            "uploads",
            "https://uploads.s3.amazonaws.com/media/a.pdf"),
        Arguments.of(
            "AWS eu-west-1, virtual-hosted",
            BucketEndpoint.aws("eu-west-1", AddressingStyle.VIRTUAL),
            "uploads",
            "https://uploads.s3.eu-west-1.amazonaws.com/media/a.pdf"),
        Arguments.of(
            "AWS, path style",
            BucketEndpoint.aws("eu-west-1", AddressingStyle.PATH),
            "uploads",
            "https://s3.eu-west-1.amazonaws.com/uploads/media/a.pdf"),
        Arguments.of(
            "AWS, dotted bucket falls back to path style",
            BucketEndpoint.aws("eu-west-1", AddressingStyle.VIRTUAL),
            "my.uploads",
            "https://s3.eu-west-1.amazonaws.com/my.uploads/media/a.pdf"),
        Arguments.of(
            "custom endpoint, path style by default",
            BucketEndpoint.of("us-east-1", "http://127.0.0.1:9000", null),
            "uploads",
            "http://127.0.0.1:9000/uploads/media/a.pdf"),
        Arguments.of(
            "custom endpoint with a path, virtual-hosted",
            BucketEndpoint.of("auto", "https://store.example.com/s3/", AddressingStyle.VIRTUAL),
            "uploads",
            "https://uploads.store.example.com/s3/media/a.pdf"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("addressing")
  void pointsWhereGetPoints(
      String name, BucketEndpoint endpoint, String bucket, String expectedObjectUrl) {
    PresignedHead head =
        presigner.presignHead(endpoint, bucket, "media/a.pdf", Duration.ofSeconds(60), PERMANENT);
    PresignedGet get =
        presigner.presignGet(
            endpoint, bucket, "media/a.pdf", Duration.ofSeconds(60), null, null, PERMANENT);

    assertThat(withoutQuery(head.url())).isEqualTo(expectedObjectUrl);
    assertThat(withoutQuery(URI.create(get.url()))).isEqualTo(expectedObjectUrl);
    assertThat(head.url().getRawQuery())
        .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256")
        .contains(
            "X-Amz-Credential=AKIDEXAMPLE%2F20261205%2F"
                + endpoint.region()
                + "%2Fs3%2Faws4_request")
        .contains("X-Amz-Date=20261205T073000Z")
        .contains("X-Amz-Expires=60")
        .contains("X-Amz-SignedHeaders=host")
        .doesNotContain(SECRET);
    // The method is signed: the HEAD URL is not the GET URL, so it cannot download the object.
    assertThat(signature(head.url())).isNotEqualTo(signature(URI.create(get.url())));
    assertThat(head.expiresAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void encodesTheKeyAsDownloadLinksDo() {
    BucketEndpoint endpoint = BucketEndpoint.of("us-east-1", "http://127.0.0.1:9000", null);
    String key = "media/uploads/a b+c%d~e/ünï çødé?#&=;.txt";
    PresignedHead head =
        presigner.presignHead(endpoint, "uploads", key, Duration.ofSeconds(60), PERMANENT);
    PresignedGet get =
        presigner.presignGet(
            endpoint, "uploads", key, Duration.ofSeconds(60), null, null, PERMANENT);

    assertThat(head.url().getRawPath())
        .isEqualTo(URI.create(get.url()).getRawPath())
        .isEqualTo(
            "/uploads/media/uploads/a%20b%2Bc%25d~e/%C3%BCn%C3%AF%20%C3%A7%C3%B8d%C3%A9%3F%23%26%3D%3B.txt");
  }

  @Test
  void signatureFollowsTheSigV4RulesForAHead() throws Exception {
    JsonNode vector = SharedTestData.sigv4Vectors().get("presigned_get");
    // The oracle reproduces the published GET first, so its HEAD answer can be trusted.
    Instant at = Instant.parse("2013-05-24T00:00:00Z");
    String publishedGet =
        presignedSignature(
            "GET",
            "examplebucket.s3.amazonaws.com",
            "/test.txt",
            vector.get("access_key").asText(),
            vector.get("secret").asText(),
            null,
            "us-east-1",
            at,
            86400);
    assertThat(publishedGet).isEqualTo(vector.get("signature").asText());

    BucketEndpoint endpoint = BucketEndpoint.of("us-east-1", "http://127.0.0.1:9000", null);
    SigningCredentials session =
        new SigningCredentials("ASIAEXAMPLE", SECRET, "token/with+odd=chars", null);
    PresignedHead head =
        presigner.presignHead(
            endpoint, "uploads", "media/a b.pdf", Duration.ofSeconds(60), session);

    assertThat(head.url().getRawQuery())
        .contains("X-Amz-Security-Token=token%2Fwith%2Bodd%3Dchars");
    assertThat(signature(head.url()))
        .isEqualTo(
            presignedSignature(
                "HEAD",
                "127.0.0.1:9000",
                "/uploads/media/a%20b.pdf",
                "ASIAEXAMPLE",
                SECRET,
                "token/with+odd=chars",
                "us-east-1",
                T0,
                60));
  }

  /**
   * As the SDK client did: the HEAD is signed with the credentials given, even expired ones, and S3
   * decides. Refusing here would turn every check after the expiry into "S3 cannot be asked", and
   * an upload never used would never become Expired against a store that checks no token.
   */
  @Test
  void temporaryCredentialsAreUsedAsGivenEvenExpired() {
    BucketEndpoint endpoint = BucketEndpoint.aws("us-east-1", null);
    SigningCredentials expiring =
        new SigningCredentials("ASIAEXAMPLE", SECRET, "token", T0.plusSeconds(20));
    SigningCredentials expired =
        new SigningCredentials("ASIAEXAMPLE", SECRET, "token", T0.minusSeconds(1));

    for (SigningCredentials credentials : new SigningCredentials[] {expiring, expired}) {
      PresignedHead head =
          presigner.presignHead(endpoint, "uploads", "k", Duration.ofSeconds(60), credentials);
      assertThat(head.expiresAt()).isEqualTo(T0.plusSeconds(60));
      assertThat(head.url().getRawQuery())
          .contains("X-Amz-Expires=60")
          .contains("X-Amz-Security-Token=token");
    }
  }

  @Test
  void printingItNeverShowsTheSignature() {
    PresignedHead head =
        presigner.presignHead(
            BucketEndpoint.aws("us-east-1", null),
            "uploads",
            "k",
            Duration.ofSeconds(60),
            PERMANENT);
    assertThat(head.url().toString()).contains("X-Amz-Signature=");
    assertThat(head.toString()).doesNotContain("X-Amz").doesNotContain("uploads");
  }

  private static String withoutQuery(URI url) {
    String text = url.toString();
    return text.substring(0, text.indexOf('?'));
  }

  private static String signature(URI url) {
    String query = url.getRawQuery();
    return query.substring(query.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
  }

  /**
   * SigV4 query-string signing written out from the specification: canonical request (only the host
   * header signed, unsigned payload), string to sign, derived key, HMAC.
   */
  private static String presignedSignature(
      String method,
      String host,
      String encodedPath,
      String accessKey,
      String secret,
      String sessionToken,
      String region,
      Instant at,
      long expires)
      throws Exception {
    String amzDate = AmzDates.amzDate(at);
    String day = amzDate.substring(0, 8);
    String scope = day + "/" + region + "/s3/aws4_request";
    Stream<String> parameters =
        Stream.of(
            "X-Amz-Algorithm=AWS4-HMAC-SHA256",
            "X-Amz-Credential=" + encode(accessKey + "/" + scope),
            "X-Amz-Date=" + amzDate,
            "X-Amz-Expires=" + expires,
            "X-Amz-SignedHeaders=host");
    if (sessionToken != null) {
      parameters =
          Stream.concat(parameters, Stream.of("X-Amz-Security-Token=" + encode(sessionToken)));
    }
    String query = parameters.sorted().collect(Collectors.joining("&"));
    String canonical =
        String.join(
            "\n", method, encodedPath, query, "host:" + host, "", "host", "UNSIGNED-PAYLOAD");
    String toSign =
        String.join(
            "\n",
            "AWS4-HMAC-SHA256",
            amzDate,
            scope,
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(canonical.getBytes(StandardCharsets.UTF_8))));
    byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
    for (String part : new String[] {day, region, "s3", "aws4_request"}) {
      key = hmac(key, part);
    }
    return HexFormat.of().formatHex(hmac(key, toSign));
  }

  private static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
