package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

class CreateAdmissionTest {
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  private static void assertAtCapacity(Runnable admit) {
    assertThatThrownBy(admit::run)
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.retryAfterSeconds()).isEqualTo(1);
              assertThat(e.body().get("detail").toString())
                  .contains("at capacity")
                  .contains("2 upload requests in flight")
                  .contains("PRESIGN_MAX_CREATES_IN_FLIGHT");
            });
  }

  private double refusals(String route, String caller) {
    return metrics
        .counter("presign_http_overload_refusals", "route", route, "caller", caller)
        .count();
  }

  private double gauge(String caller) {
    return metrics.get("presign_http_creates_in_flight").tag("caller", caller).gauge().value();
  }

  @Test
  void pastTheLimitACreateIsRefusedWithoutRunningAndASettledOneFreesItsSlotOnce() {
    CreateAdmission admission = new CreateAdmission(2, metrics);
    Promise<String> first = Promise.promise();
    Promise<String> second = Promise.promise();
    admission.admit("create", true, first::future);
    admission.admit("create", true, second::future);
    assertThat(admission.inFlight()).isEqualTo(2);
    assertThat(gauge("known")).isEqualTo(2.0);
    assertThat(gauge("new")).isZero();

    boolean[] ran = {false};
    assertAtCapacity(
        () ->
            admission.admit(
                "companion-create",
                true,
                () -> {
                  ran[0] = true;
                  return Future.succeededFuture("never");
                }));
    assertThat(ran[0]).as("a refused create does no work").isFalse();
    assertThat(refusals("companion-create", "known")).isEqualTo(1.0);
    assertThat(refusals("create", "known")).isZero();

    first.fail(ApiError.detail(403, "no"));
    assertThat(admission.inFlight()).isEqualTo(1);
    // Completing again (tryComplete on a settled future) frees nothing more.
    first.tryComplete("late");
    assertThat(admission.inFlight()).isEqualTo(1);

    Promise<String> third = Promise.promise();
    admission.admit("create", true, third::future);
    assertThat(admission.inFlight()).isEqualTo(2);
    second.complete("ok");
    third.complete("ok");
    assertThat(admission.inFlight()).isZero();
  }

  @Test
  void strangersFillOnlyTheirOwnLane() {
    CreateAdmission admission = new CreateAdmission(2, metrics);
    admission.admit("create", false, () -> Promise.<String>promise().future());
    admission.admit("create", false, () -> Promise.<String>promise().future());
    assertAtCapacity(() -> admission.admit("create", false, () -> Future.succeededFuture("never")));
    assertThat(refusals("create", "new")).isEqualTo(1.0);

    Promise<String> known = Promise.promise();
    admission.admit("create", true, known::future);
    assertThat(gauge("known")).isEqualTo(1.0);
    assertThat(gauge("new")).isEqualTo(2.0);
    assertThat(admission.inFlight()).isEqualTo(3);
    known.complete("ok");
    assertThat(gauge("known")).isZero();
  }

  @Test
  void aCreateThatThrowsBeforeReturningItsFutureFreesItsSlot() {
    CreateAdmission admission = new CreateAdmission(1, metrics);
    assertThatThrownBy(
            () ->
                admission.admit(
                    "create",
                    true,
                    () -> {
                      throw ApiError.field("file_size", "must be a number");
                    }))
        .isInstanceOf(ApiError.class)
        .hasMessageContaining("400");
    assertThat(admission.inFlight()).isZero();
    Future<String> next = admission.admit("create", true, () -> Future.succeededFuture("ok"));
    assertThat(next.result()).isEqualTo("ok");
    assertThat(admission.inFlight()).isZero();
  }

  @Test
  void zeroMeansUnlimitedAndStillCounts() {
    CreateAdmission admission = new CreateAdmission(0, metrics);
    for (int i = 0; i < 1_000; i++) {
      admission.admit("create", true, () -> Promise.<String>promise().future());
    }
    assertThat(admission.inFlight()).isEqualTo(1_000);
    assertThat(gauge("known")).isEqualTo(1_000.0);
    // Every route's and lane's series exists from the start, and none counted a refusal.
    assertThat(metrics.find("presign_http_overload_refusals").counters())
        .hasSize(6)
        .allMatch(c -> c.count() == 0);
  }
}
