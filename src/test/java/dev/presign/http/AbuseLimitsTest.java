package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AbuseLimitsTest {
  private static final String QUOTA_MESSAGE =
      "uploadrequests.uploads.presign.dev \"upload-x7k2p\" is forbidden: exceeded quota: uploads,"
          + " requested: count/uploadrequests.uploads.presign.dev=1, used:"
          + " count/uploadrequests.uploads.presign.dev=3, limited:"
          + " count/uploadrequests.uploads.presign.dev=3";

  private static KubernetesClientException refusal(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withReason("Forbidden").withMessage(message).build());
  }

  @Test
  void aQuotaRefusalIs429WithTheQuotasMessageAndRetryAfter() {
    ApiError error =
        AbuseLimits.capacityRefusal("team-a", refusal(403, QUOTA_MESSAGE)).orElseThrow();
    assertThat(error.status()).isEqualTo(429);
    assertThat(error.retryAfterSeconds()).isEqualTo(AbuseLimits.COUNT_RETRY_AFTER_SECONDS);
    assertThat((String) error.body().get("detail"))
        .contains("ResourceQuota in namespace team-a")
        .contains(
            "exceeded quota: uploads, requested: count/uploadrequests.uploads.presign.dev=1,"
                + " used: count/uploadrequests.uploads.presign.dev=3, limited:"
                + " count/uploadrequests.uploads.presign.dev=3")
        .doesNotContain("is forbidden");
  }

  @Test
  void otherRefusalsAreNotQuotaRefusals() {
    assertThat(AbuseLimits.capacityRefusal("team-a", refusal(403, "forbidden: RBAC says no")))
        .isEmpty();
    // The quota admission plugin before the quota's status is computed: not a "too many".
    assertThat(
            AbuseLimits.capacityRefusal(
                "team-a",
                refusal(403, "forbidden: status unknown for quota: uploads, resources: count/x")))
        .isEmpty();
    assertThat(AbuseLimits.capacityRefusal("team-a", refusal(422, QUOTA_MESSAGE))).isEmpty();
    assertThat(AbuseLimits.capacityRefusal("team-a", new KubernetesClientException("no status")))
        .isEmpty();
  }

  @Test
  void theApiServersOwn429Is503WithItsRetryAfterOr1() {
    // kube-apiserver's max-in-flight and priority-and-fairness filters: plain text, no details.
    ApiError plain =
        AbuseLimits.capacityRefusal(
                "team-a", refusal(429, "Too many requests, please try again later."))
            .orElseThrow();
    assertThat(plain.status()).isEqualTo(503);
    assertThat(plain.retryAfterSeconds()).isEqualTo(1);
    assertThat((String) plain.body().get("detail"))
        .contains("API server is overloaded")
        .contains("did not record the upload request")
        .contains("try again");
    // A Status that says how long to wait is believed.
    ApiError told =
        AbuseLimits.capacityRefusal(
                "team-a",
                new KubernetesClientException(
                    new StatusBuilder()
                        .withCode(429)
                        .withReason("TooManyRequests")
                        .withNewDetails()
                        .withRetryAfterSeconds(7)
                        .endDetails()
                        .build()))
            .orElseThrow();
    assertThat(told.status()).isEqualTo(503);
    assertThat(told.retryAfterSeconds()).isEqualTo(7);
  }

  @Test
  void aLongQuotaMessageIsCutToOneShortLine() {
    String message = QUOTA_MESSAGE + "x".repeat(5000) + "\nsecond line";
    String detail =
        (String)
            AbuseLimits.capacityRefusal("team-a", refusal(403, message))
                .orElseThrow()
                .body()
                .get("detail");
    assertThat(detail).hasSizeLessThan(800).doesNotContain("second line").doesNotContain("\n");
  }

  @Test
  void theRateAnswerNamesTheLimitItsValueAndTheSetting() {
    AtomicLong now = new AtomicLong();
    AbuseLimits limits = new AbuseLimits(new NamespaceRateLimiter(5, 2, now::get), null, 0);
    limits.chargeRequest("team-a");
    limits.chargeRequest("team-a");
    assertThatThrownBy(() -> limits.chargeRequest("team-a"))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.retryAfterSeconds()).isEqualTo(1);
              assertThat((String) e.body().get("detail"))
                  .contains("namespace team-a")
                  .contains("5 requests per second")
                  .contains("bursts of up to 2")
                  .contains("PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE")
                  .endsWith("Expected available in 1 second.");
            });
    // Another namespace has its own budget.
    limits.chargeRequest("team-b");
  }

  @Test
  void anOutstandingLimitOfZeroNeverAsksTheIndex() {
    // A null index would throw if it were asked.
    AbuseLimits limits = new AbuseLimits(new NamespaceRateLimiter(0, 1, System::nanoTime), null, 0);
    limits.checkOutstanding("team-a");
    limits.chargeRequest("team-a");
  }
}
