package dev.presign.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.fields.UploadField;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PostPolicySignerTest {
  private static final Instant NOW = Instant.parse("2013-05-24T00:00:00Z");
  private static final SigningCredentials CREDENTIALS =
      SigningCredentials.permanent(
          "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  private static final BucketEndpoint AWS = BucketEndpoint.aws("us-east-1", null);
  private static final String KEY =
      "media/uploads/6654c734ccab8f440ff0825eb443dc7f-lorem-ipsum.pdf";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PostPolicySigner signer =
      new PostPolicySigner(Clock.fixed(NOW, ZoneOffset.UTC), new SigningKeyCache());

  private static JsonNode policyOf(PresignedPost post) throws Exception {
    return JSON.readTree(Base64.getDecoder().decode(post.fields().get("policy")));
  }

  /** Every condition as "name=value" (exact) or "content-length-range=a..b". */
  private static List<String> conditionsOf(PresignedPost post) throws Exception {
    List<String> conditions = new ArrayList<>();
    for (JsonNode condition : policyOf(post).get("conditions")) {
      if (condition.isArray()) {
        conditions.add(
            condition.get(0).asText()
                + "="
                + condition.get(1).asLong()
                + ".."
                + condition.get(2).asLong());
      } else {
        Iterator<Map.Entry<String, JsonNode>> fields = condition.fields();
        Map.Entry<String, JsonNode> only = fields.next();
        assertThat(fields.hasNext()).as("one field per exact condition").isFalse();
        conditions.add(only.getKey() + "=" + only.getValue().asText());
      }
    }
    return conditions;
  }

  @Test
  void seedRequestGivesTheSeedsFieldsAndAnExactPolicy() throws Exception {
    PresignedPost post =
        signer.sign(
            PostPolicyRequest.of(
                "bench-bucket", KEY, "application/pdf", 77000, Duration.ofHours(1)),
            CREDENTIALS,
            AWS);

    assertThat(post.url()).isEqualTo("https://bench-bucket.s3.amazonaws.com/");
    assertThat(post.fields().keySet())
        .containsExactly(
            "key",
            "Content-Type",
            "x-amz-algorithm",
            "x-amz-credential",
            "x-amz-date",
            "policy",
            "x-amz-signature");
    assertThat(post.fields())
        .containsEntry("key", KEY)
        .containsEntry("x-amz-algorithm", "AWS4-HMAC-SHA256")
        .containsEntry(
            "x-amz-credential", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request")
        .containsEntry("x-amz-date", "20130524T000000Z");
    assertThat(policyOf(post).get("expiration").asText()).isEqualTo("2013-05-24T01:00:00Z");
    assertThat(conditionsOf(post))
        .containsExactly(
            "bucket=bench-bucket",
            "content-length-range=77000..77000",
            "key=" + KEY,
            "Content-Type=application/pdf",
            "x-amz-algorithm=AWS4-HMAC-SHA256",
            "x-amz-credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
            "x-amz-date=20130524T000000Z");
    assertThat(post.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(post.issuedAt()).isEqualTo(NOW);
  }

  @Test
  void signatureIsTheHmacOfTheEncodedPolicy() {
    PresignedPost post =
        signer.sign(
            PostPolicyRequest.of(
                "bench-bucket", KEY, "application/pdf", 77000, Duration.ofHours(1)),
            CREDENTIALS,
            AWS);

    String expected =
        signer.signatureOf(
            post.fields().get("policy"), CREDENTIALS.secretAccessKey(), "20130524", "us-east-1");
    assertThat(post.fields().get("x-amz-signature"))
        .isEqualTo(expected)
        .hasSize(64)
        .matches("[0-9a-f]+");
  }

  @Test
  void everyFormFieldButPolicyAndSignatureHasAnExactCondition() throws Exception {
    SigningCredentials temporary =
        new SigningCredentials(
            "ASIATEMPORARY", "secret", "session-token-value", NOW.plus(Duration.ofHours(2)));
    PostPolicyRequest request =
        new PostPolicyRequest(
            "bench-bucket",
            KEY,
            "application/pdf",
            10,
            Duration.ofMinutes(5),
            Map.of("Owner", "team-a", "trace-id", "x1"),
            201,
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    PresignedPost post = signer.sign(request, temporary, AWS);

    List<String> conditions = conditionsOf(post);
    for (Map.Entry<String, String> field : post.fields().entrySet()) {
      if (field.getKey().equals("policy") || field.getKey().equals("x-amz-signature")) {
        continue;
      }
      assertThat(conditions)
          .as("condition for form field " + field.getKey())
          .contains(field.getKey() + "=" + field.getValue());
    }
    assertThat(conditions).noneMatch(c -> c.startsWith("starts-with"));
    assertThat(post.fields())
        .containsEntry("x-amz-security-token", "session-token-value")
        .containsEntry("x-amz-meta-owner", "team-a")
        .containsEntry("x-amz-meta-trace-id", "x1")
        .containsEntry("success_action_status", "201")
        .containsEntry("x-amz-checksum-algorithm", "SHA256")
        .containsEntry("x-amz-checksum-sha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    assertThat(conditions)
        .contains("x-amz-security-token=session-token-value", "content-length-range=10..10");
  }

  @Test
  void permanentCredentialsCarryNoSecurityToken() {
    PresignedPost post =
        signer.sign(
            PostPolicyRequest.of("b-1", "k", "text/plain", 1, Duration.ofMinutes(1)),
            CREDENTIALS,
            AWS);
    assertThat(post.fields()).doesNotContainKey("x-amz-security-token");
    assertThat(post.toString()).doesNotContain(CREDENTIALS.secretAccessKey());
  }

  static Stream<Arguments> expiries() {
    return Stream.of(
        Arguments.of("requested lifetime", Duration.ofMinutes(10), null, NOW.plusSeconds(600)),
        Arguments.of(
            "capped at seven days", Duration.ofDays(30), null, NOW.plus(Duration.ofDays(7))),
        Arguments.of(
            "capped at the credentials' expiry",
            Duration.ofHours(2),
            NOW.plusSeconds(900),
            NOW.plusSeconds(900)),
        Arguments.of(
            "credentials outliving the request",
            Duration.ofMinutes(5),
            NOW.plus(Duration.ofHours(12)),
            NOW.plusSeconds(300)),
        Arguments.of(
            "sub-second credential expiry is truncated",
            Duration.ofHours(1),
            NOW.plusMillis(1500),
            NOW.plusSeconds(1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expiries")
  void expiryIsTheSmallestOfTheCaps(
      String name, Duration requested, Instant credentialExpiry, Instant expected)
      throws Exception {
    SigningCredentials credentials =
        new SigningCredentials(
            "ASIAX", "secret", credentialExpiry == null ? null : "token", credentialExpiry);
    PresignedPost post =
        signer.sign(PostPolicyRequest.of("b-1", "k", "text/plain", 1, requested), credentials, AWS);

    assertThat(post.expiresAt()).isEqualTo(expected);
    assertThat(policyOf(post).get("expiration").asText()).isEqualTo(expected.toString());
  }

  @Test
  void expiredCredentialsAreRefusedWithoutNamingTheSecret() {
    SigningCredentials expired =
        new SigningCredentials("ASIAX", "very-secret", "very-secret-token", NOW.minusSeconds(1));
    assertThatThrownBy(
            () ->
                signer.sign(
                    PostPolicyRequest.of("b-1", "k", "text/plain", 1, Duration.ofMinutes(1)),
                    expired,
                    AWS))
        .isInstanceOf(CredentialsExpiredException.class)
        .hasMessageContaining("expired")
        .hasMessageNotContaining("very-secret");
  }

  @Test
  void jsonSpecialCharactersAreEscapedInThePolicy() throws Exception {
    PresignedPost post =
        signer.sign(
            PostPolicyRequest.of(
                "b-1", "media/a\"b\\c-é.txt", "text/plain", 1, Duration.ofMinutes(1)),
            CREDENTIALS,
            AWS);
    byte[] decoded = Base64.getDecoder().decode(post.fields().get("policy"));
    assertThat(new String(decoded, StandardCharsets.US_ASCII)).contains("a\\\"b\\\\c-\\u00e9.txt");
    assertThat(conditionsOf(post)).contains("key=media/a\"b\\c-é.txt");
  }

  static Stream<Arguments> invalidRequests() {
    Duration d = Duration.ofMinutes(1);
    return Stream.of(
        Arguments.of(
            UploadField.BUCKET,
            (Runnable) () -> PostPolicyRequest.of("UPPER", "k", "text/plain", 1, d)),
        Arguments.of(
            UploadField.BUCKET,
            (Runnable) () -> PostPolicyRequest.of("ab", "k", "text/plain", 1, d)),
        Arguments.of(
            UploadField.OBJECT_KEY,
            (Runnable) () -> PostPolicyRequest.of("b-1", "", "text/plain", 1, d)),
        Arguments.of(
            UploadField.OBJECT_KEY,
            (Runnable) () -> PostPolicyRequest.of("b-1", "a\nb", "text/plain", 1, d)),
        Arguments.of(
            UploadField.OBJECT_KEY,
            (Runnable) () -> PostPolicyRequest.of("b-1", "k".repeat(1025), "text/plain", 1, d)),
        Arguments.of(
            UploadField.CONTENT_TYPE,
            (Runnable) () -> PostPolicyRequest.of("b-1", "k", "text/plain\r\nX-Evil: 1", 1, d)),
        Arguments.of(
            UploadField.FILE_SIZE,
            (Runnable) () -> PostPolicyRequest.of("b-1", "k", "text/plain", 0, d)),
        Arguments.of(
            UploadField.FILE_SIZE,
            (Runnable) () -> PostPolicyRequest.of("b-1", "k", "text/plain", -5, d)),
        Arguments.of(
            UploadField.FILE_SIZE,
            (Runnable)
                () ->
                    PostPolicyRequest.of(
                        "b-1", "k", "text/plain", PostPolicyRequest.MAX_POST_SIZE + 1, d)),
        Arguments.of(
            UploadField.METADATA,
            (Runnable)
                () ->
                    new PostPolicyRequest(
                        "b-1", "k", "text/plain", 1, d, Map.of("bad key", "v"), null, null)),
        Arguments.of(
            UploadField.METADATA,
            (Runnable)
                () ->
                    new PostPolicyRequest(
                        "b-1", "k", "text/plain", 1, d, Map.of("k", "caf\u00e9"), null, null)),
        Arguments.of(
            UploadField.METADATA,
            (Runnable)
                () ->
                    new PostPolicyRequest(
                        "b-1", "k", "text/plain", 1, d, Map.of("k", "x".repeat(2100)), null, null)),
        Arguments.of(
            UploadField.SUCCESS_ACTION_STATUS,
            (Runnable)
                () -> new PostPolicyRequest("b-1", "k", "text/plain", 1, d, Map.of(), 302, null)),
        Arguments.of(
            UploadField.CHECKSUM_SHA256,
            (Runnable)
                () ->
                    new PostPolicyRequest(
                        "b-1", "k", "text/plain", 1, d, Map.of(), null, "not-base64")));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("invalidRequests")
  void invalidRequestsNameTheField(UploadField field, Runnable construct) {
    assertThatThrownBy(construct::run)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.reason()).isNotBlank();
            });
  }

  @Test
  void zeroOrNegativeLifetimeIsRefused() {
    assertThatThrownBy(
            () ->
                signer.sign(
                    PostPolicyRequest.of("b-1", "k", "text/plain", 1, Duration.ZERO),
                    CREDENTIALS,
                    AWS))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo(UploadField.EXPIRES_IN));
  }

  @Test
  void fieldsCannotBeModified() {
    PresignedPost post =
        signer.sign(
            PostPolicyRequest.of("b-1", "k", "text/plain", 1, Duration.ofMinutes(1)),
            CREDENTIALS,
            AWS);
    Map<String, String> copy = new LinkedHashMap<>(post.fields());
    assertThatThrownBy(() -> post.fields().put("acl", "public-read"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(post.fields()).isEqualTo(copy);
  }
}
