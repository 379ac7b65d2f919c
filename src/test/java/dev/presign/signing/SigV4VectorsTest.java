package dev.presign.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The published vectors in shared/testdata/sigv4-vectors.json, reproduced exactly. */
class SigV4VectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<JsonNode> postVectors() throws Exception {
    List<JsonNode> vectors = new ArrayList<>();
    SharedTestData.sigv4Vectors().get("vectors").forEach(vectors::add);
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(2);
    return vectors;
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("postVectors")
  void postPolicySignatureMatchesPublishedVector(JsonNode vector) {
    PostPolicySigner signer = new PostPolicySigner(Clock.systemUTC(), new SigningKeyCache());

    String signature =
        signer.signatureOf(
            vector.get("policy").asText(),
            vector.get("secret").asText(),
            vector.get("date").asText(),
            vector.get("region").asText());

    assertThat(signature).isEqualTo(vector.get("signature").asText());
  }

  @Test
  void awsVectorPolicyKeepsItsCrlfLineEndings() throws Exception {
    JsonNode aws = postVectors().get(0);
    String decoded =
        new String(Base64.getDecoder().decode(aws.get("policy").asText()), StandardCharsets.UTF_8);
    assertThat(decoded).contains("\r\n").contains("sigv4examplebucket");
  }

  @Test
  void derivedSigningKeyIsCachedAndStable() throws Exception {
    JsonNode aws = postVectors().get(0);
    SigningKeyCache cache = new SigningKeyCache();
    PostPolicySigner signer = new PostPolicySigner(Clock.systemUTC(), cache);
    String secret = aws.get("secret").asText();
    String first = signer.signatureOf(aws.get("policy").asText(), secret, "20151229", "us-east-1");
    String second = signer.signatureOf(aws.get("policy").asText(), secret, "20151229", "us-east-1");
    String otherRegion =
        signer.signatureOf(aws.get("policy").asText(), secret, "20151229", "eu-west-1");
    assertThat(second).isEqualTo(first);
    assertThat(otherRegion).isNotEqualTo(first);
  }

  @Test
  void presignedGetMatchesPublishedQueryStringVector() throws Exception {
    JsonNode get = SharedTestData.sigv4Vectors().get("presigned_get");
    Instant at = Instant.parse("2013-05-24T00:00:00Z");
    assertThat(AmzDates.amzDate(at)).isEqualTo(get.get("amz_date").asText());
    ObjectUrlPresigner presigner = new ObjectUrlPresigner(Clock.fixed(at, ZoneOffset.UTC));

    PresignedGet url =
        presigner.presignGet(
            BucketEndpoint.aws(get.get("region").asText(), AddressingStyle.VIRTUAL),
            "examplebucket",
            "test.txt",
            Duration.ofSeconds(get.get("expires").asLong()),
            null,
            null,
            SigningCredentials.permanent(
                get.get("access_key").asText(), get.get("secret").asText()));

    assertThat(url.url())
        .startsWith("https://examplebucket.s3.amazonaws.com/test.txt?")
        .contains("X-Amz-Expires=86400")
        .contains("X-Amz-SignedHeaders=" + get.get("signed_headers").asText())
        .contains("X-Amz-Date=20130524T000000Z")
        .endsWith("X-Amz-Signature=" + get.get("signature").asText())
        .doesNotContain(get.get("secret").asText());
    assertThat(url.expiresAt()).isEqualTo(at.plusSeconds(86400));
  }
}
