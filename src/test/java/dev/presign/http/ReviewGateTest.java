package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewGateTest {
  private long now;

  private ReviewGate gate(int inFlight, int perSecond, int burst) {
    return new ReviewGate(
        inFlight,
        new NamespaceRateLimiter(perSecond, burst, () -> now),
        new TtlCache<>(Clock.systemUTC(), Duration.ofHours(1), 100));
  }

  private static void assertRefused(Runnable admit, int status, String setting) {
    assertThatThrownBy(admit::run)
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.retryAfterSeconds()).isPositive();
              assertThat(e.body().get("detail").toString()).contains(setting);
            });
  }

  @Test
  void whenEverySlotIsBusyTheAnswerIs503AtOnce() {
    ReviewGate gate = gate(2, 0, 1);
    ReviewGate.Permit first = gate.admit("h1", "10.0.0.1");
    gate.admit("h2", "10.0.0.2");

    assertRefused(() -> gate.admit("h3", "10.0.0.3"), 503, "PRESIGN_TOKEN_REVIEWS_IN_FLIGHT");

    first.close();
    assertThat(gate.admit("h3", "10.0.0.3")).isNotNull();
  }

  @Test
  void knownTokensHaveSlotsOfTheirOwn() {
    ReviewGate gate = gate(1, 0, 1);
    gate.remember("known");
    gate.admit("stranger-1", "10.0.0.1");
    assertRefused(
        () -> gate.admit("stranger-2", "10.0.0.1"), 503, "PRESIGN_TOKEN_REVIEWS_IN_FLIGHT");

    ReviewGate.Permit known = gate.admit("known", "10.0.0.1");

    assertRefused(() -> gate.admit("known", "10.0.0.9"), 503, "PRESIGN_TOKEN_REVIEWS_IN_FLIGHT");
    known.close();
    assertThat(gate.admit("known", "10.0.0.9")).isNotNull();
  }

  @Test
  void eachAddressPaysForItsNewTokensAndKnownTokensDoNotPay() {
    ReviewGate gate = gate(100, 1, 2);
    gate.remember("known");
    List<ReviewGate.Permit> permits = new ArrayList<>();
    permits.add(gate.admit("a1", "10.0.0.1"));
    permits.add(gate.admit("a2", "10.0.0.1"));

    assertRefused(
        () -> gate.admit("a3", "10.0.0.1"), 429, "PRESIGN_TOKEN_REVIEWS_PER_SECOND_PER_SOURCE");
    permits.add(gate.admit("b1", "10.0.0.2"));
    permits.add(gate.admit("known", "10.0.0.1"));

    now += Duration.ofSeconds(1).toNanos();
    permits.add(gate.admit("a3", "10.0.0.1"));
    assertThat(permits).hasSize(5);
  }

  @Test
  void waitersForAReviewInFlightAreBoundedToo() {
    ReviewGate gate = gate(2, 0, 1);
    for (int i = 0; i < 4; i++) {
      gate.join("same", "10.0.0.1");
    }

    assertRefused(() -> gate.join("same", "10.0.0.1"), 503, "PRESIGN_TOKEN_REVIEWS_IN_FLIGHT");
  }

  @Test
  void waitersWithAnUnknownTokenPayTheirAddressesRate() {
    ReviewGate gate = gate(100, 1, 1);
    gate.remember("known");
    gate.join("new", "10.0.0.1");

    assertRefused(
        () -> gate.join("new", "10.0.0.1"), 429, "PRESIGN_TOKEN_REVIEWS_PER_SECOND_PER_SOURCE");
    assertThat(gate.join("known", "10.0.0.1")).isNotNull();
  }

  @Test
  void aRefusedAdmissionHoldsNoSlot() {
    ReviewGate gate = gate(1, 1, 1);
    gate.admit("a1", "10.0.0.1").close();
    assertRefused(
        () -> gate.admit("a2", "10.0.0.1"), 429, "PRESIGN_TOKEN_REVIEWS_PER_SECOND_PER_SOURCE");

    assertThat(gate.admit("b1", "10.0.0.2")).as("the one slot is still free").isNotNull();
  }
}
