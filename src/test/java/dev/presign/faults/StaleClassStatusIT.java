package dev.presign.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The leader is not the only one who writes an UploadClass status. A deposed leader that wakes up
 * from a pause (SIGSTOP, a long GC pause, a frozen VM) in the middle of a HeadBucket probe finds
 * the probe timed out (its deadline passed while it was frozen) and, before it notices that its
 * Lease is gone, reports the class Ready=False. Requests trust that condition and wait. The leader
 * must look again at once, not at its next periodic probe (minutes later): here the periodic probe
 * is ten minutes away, so only a reaction to the foreign status can make the class Ready again and
 * the waiting request Issued within the bounds below (LeaderPauseIT hits this by chance, 1 run in
 * 5, when the pause lands on the new leader's first probe).
 */
class StaleClassStatusIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String CLASS = "default";

  @Test
  void aReadyFalseWrittenByAWokenExLeaderIsProbedAgainAndRequestsGoOn() throws Exception {
    try (OperatorFixture fixture = OperatorFixture.start()) {
      fixture.stopOperator();
      try (Replica leader =
          Replica.start(
              fixture.cluster, "stale-status", Map.of("PRESIGN_CLASS_PROBE_SECONDS", "600"))) {
        Await.until(
            "the replica to hold the Lease",
            Duration.ofSeconds(60),
            () -> Replica.leaseHolder(fixture),
            h -> h.equals(leader.identity()));
        fixture.create("before", new UploadRequestSpec("before.txt", 1));
        awaitIssued(fixture, "before");

        // What the woken ex-leader writes, the way JOSDK writes it: a JSON patch of the status
        // against the version it read, without a resourceVersion.
        Condition probeTimedOut =
            new ConditionBuilder()
                .withType(ConditionTypes.READY)
                .withStatus(ConditionTypes.STATUS_FALSE)
                .withReason(Reasons.BUCKET_PROBE_FAILED)
                .withMessage(
                    "cannot reach the bucket: Client execution did not complete before the"
                        + " specified timeout configuration: 4000 millis")
                .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .build();
        UploadClass stale =
            fixture
                .client()
                .resources(UploadClass.class)
                .withName(CLASS)
                .editStatus(
                    c -> {
                      probeTimedOut.setObservedGeneration(c.getMetadata().getGeneration());
                      c.getStatus().setConditions(List.of(probeTimedOut));
                      return c;
                    });
        assertThat(ready(stale).orElseThrow().getStatus()).isEqualTo(ConditionTypes.STATUS_FALSE);
        long staleVersion = Long.parseLong(stale.getMetadata().getResourceVersion());
        fixture.create("after", new UploadRequestSpec("after.txt", 1));

        UploadClass healed =
            Await.until(
                "the leader to probe the class again and find it Ready",
                Duration.ofSeconds(60),
                () -> fixture.client().resources(UploadClass.class).withName(CLASS).get(),
                c ->
                    Long.parseLong(c.getMetadata().getResourceVersion()) > staleVersion
                        && ready(c)
                            .map(r -> ConditionTypes.STATUS_TRUE.equals(r.getStatus()))
                            .orElse(false));
        assertThat(ready(healed).orElseThrow().getReason()).isEqualTo(Reasons.PROBED);
        awaitIssued(fixture, "after");
      }
    }
  }

  private static Optional<Condition> ready(UploadClass uploadClass) {
    return uploadClass.getStatus() == null
        ? Optional.empty()
        : uploadClass.getStatus().findCondition(ConditionTypes.READY);
  }

  private static UploadRequest awaitIssued(OperatorFixture fixture, String name) {
    return Await.until(
        name + " Issued",
        Duration.ofSeconds(60),
        () -> fixture.get(name),
        r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.ISSUED);
  }
}
