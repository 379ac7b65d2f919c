package dev.presign.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What a presigned UploadPart URL binds, with a fixed clock. */
class UploadPartPresignerTest {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private final ObjectUrlPresigner presigner =
      new ObjectUrlPresigner(Clock.fixed(T0, ZoneOffset.UTC));
  private final BucketEndpoint endpoint =
      BucketEndpoint.of("us-east-1", "http://127.0.0.1:9000", null);
  private final SigningCredentials credentials =
      SigningCredentials.permanent("AKIDEXAMPLE", "canary-part-secret-91c2");

  @Test
  void signsPartNumberUploadIdAndLength() {
    PresignedUploadPart part =
        presigner.presignUploadPart(
            endpoint,
            "uploads",
            "media/uploads/a b.bin",
            "id/with+odd=chars",
            7,
            5_242_880,
            Duration.ofMinutes(10),
            credentials);

    URI url = URI.create(part.url());
    assertThat(url.getRawPath()).isEqualTo("/uploads/media/uploads/a%20b.bin");
    assertThat(url.getRawQuery())
        .contains("partNumber=7")
        .contains("uploadId=id%2Fwith%2Bodd%3Dchars")
        .contains("X-Amz-Date=20261204T100000Z")
        .contains("X-Amz-Expires=600")
        .contains("X-Amz-SignedHeaders=content-length%3Bhost")
        .doesNotContain("canary-part-secret");
    assertThat(part.expiresAt()).isEqualTo(T0.plusSeconds(600));
    assertThat(part.toString()).doesNotContain("X-Amz-Signature");
  }

  @Test
  void temporaryCredentialsShortenTheUrl() {
    SigningCredentials expiring =
        new SigningCredentials(
            "ASIAEXAMPLE", "canary-part-secret-91c2", "token", T0.plusSeconds(120));
    PresignedUploadPart part =
        presigner.presignUploadPart(
            endpoint, "uploads", "k", "u", 1, 10, Duration.ofHours(1), expiring);
    assertThat(part.expiresAt()).isEqualTo(T0.plusSeconds(120));
  }
}
