package dev.presign.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.SignedForms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The leader frozen (SIGSTOP, as in a long GC pause or a suspended VM) in the middle of a batch,
 * past its Lease: the follower takes over and signs what is still Pending. Then the old leader
 * wakes up (SIGCONT) with its in-flight reconciles, which still believe the requests are Pending.
 * No request may end up with a second signed form.
 */
class LeaderPauseIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final int REQUESTS = 300;
  private static final int AFTER = 20;
  // What the old leader logs once it has stopped reconciling (LeaseLoss.STOPPED).
  private static final String STOPPED = "reconcilers stopped:";

  @Test
  void aLeaderThatWakesUpAfterLosingTheLeaseOverwritesNothing() throws Exception {
    try (OperatorFixture fixture = OperatorFixture.start()) {
      fixture.stopOperator();
      StoredRequests stored = new StoredRequests(fixture.client(), NS);
      List<Replica> replicas = new ArrayList<>();
      try (SignedForms forms = new SignedForms(fixture.cluster.newClient(), NS)) {
        CompletableFuture<Void> a = startAsync(fixture, "pause-a", replicas);
        CompletableFuture<Void> b = startAsync(fixture, "pause-b", replicas);
        a.join();
        b.join();
        String holder =
            Await.until(
                "a Lease holder",
                Duration.ofSeconds(30),
                () -> Replica.leaseHolder(fixture),
                h -> !h.isEmpty());
        Replica leader =
            replicas.stream().filter(r -> r.identity().equals(holder)).findFirst().orElseThrow();
        Replica follower = replicas.stream().filter(r -> r != leader).findFirst().orElseThrow();

        Thread creator =
            new Thread(
                () -> {
                  for (int i = 0; i < REQUESTS; i++) {
                    fixture.create(
                        String.format("pause-%03d", i), new UploadRequestSpec("f" + i + ".txt", 1));
                  }
                },
                "creator");
        creator.start();
        Await.until(
            "the leader to issue a fifth of the batch",
            Duration.ofSeconds(120),
            // Its own count: the test's watch can trail it by much of the batch on a busy machine.
            () -> issuedBy(leader),
            n -> n >= REQUESTS / 5);
        leader.pause();
        long pausedAt = System.nanoTime();
        try {
          Await.until(
              "the follower to hold the Lease",
              Duration.ofSeconds(60),
              () -> Replica.leaseHolder(fixture),
              h -> h.equals(follower.identity()));
          creator.join(Duration.ofSeconds(120).toMillis());
          assertThat(creator.isAlive()).as("the creator still creating after 120 s").isFalse();
          Await.until(
              "all " + REQUESTS + " Issued by the new leader",
              Duration.ofSeconds(120),
              stored::issued,
              n -> n == REQUESTS);
        } finally {
          leader.resume();
        }
        long resumedAt = System.nanoTime();
        Duration paused = Duration.ofNanos(resumedAt - pausedAt);

        List<UploadRequest> all = stored.all();
        assertThat(all).hasSize(REQUESTS);
        assertThat(all).allMatch(r -> r.getStatus().getPhase() == Phase.ISSUED);

        // Awake, the old leader must notice that the Lease is gone, stop reconciling and ask to
        // be restarted (liveness), while it keeps serving HTTP (readiness).
        Await.until(
            "the old leader's /healthz to fail",
            Duration.ofSeconds(60),
            () -> statusOf(leader, "/healthz"),
            code -> code == 503);
        Duration stepDown = Duration.ofNanos(System.nanoTime() - resumedAt);
        assertThat(statusOf(leader, "/readyz")).isEqualTo(200);
        // Its reconciles that were running when it woke may still sign (their writes are
        // refused); once it has stopped reconciling, its count is final.
        Await.until(
            "the old leader to stop reconciling",
            Duration.ofSeconds(60),
            () -> logOf(leader),
            log -> log.contains(STOPPED));
        double oldSignatures = leader.signatures();
        // The late requests are counted on the new leader alone: the two counts need not add up to
        // all requests, since a write the old leader sent before the pause lands, but its answer
        // can be lost (the pause outlasted the client's timeout), and then no one counts it.
        double newLeaderBefore = follower.issued();

        for (int i = 0; i < AFTER; i++) {
          fixture.create("after-" + i, new UploadRequestSpec("g" + i + ".txt", 1));
        }
        // A class status the old leader wrote when it woke (its probe timed out while it was
        // frozen) must not hold them up: the new leader probes again (see StaleClassStatusIT).
        try {
          Await.until(
              "the requests made after the pause Issued",
              Duration.ofSeconds(60),
              stored::issued,
              n -> n == REQUESTS + AFTER);
        } catch (AssertionError e) {
          throw new AssertionError(
              e.getMessage()
                  + "; Lease holder "
                  + Replica.leaseHolder(fixture)
                  + "; not Issued: "
                  + notIssued(stored),
              e);
        }
        Await.until(
            "the new leader to count them",
            Duration.ofSeconds(30),
            () -> issuedBy(follower),
            n -> n >= newLeaderBefore + AFTER);
        assertThat(leader.signatures()).as("signatures by the old leader").isEqualTo(oldSignatures);

        forms.awaitSeen(stored.all(), Duration.ofSeconds(30));
        assertThat(forms.signedMoreThanOnce()).as("requests signed more than once").isEmpty();
        // The discarded signatures and the conflicts are logged without their forms or keys.
        for (Replica replica : replicas) {
          assertThat(replica.logText())
              .doesNotContain(fixture.s3.secretKey())
              .doesNotContain("x-amz-signature")
              .doesNotContain("policy=");
        }
        for (UploadRequest request : stored.all()) {
          assertThat(forms.of(request.getMetadata().getName()))
              .containsExactly(SignedForms.signedForm(request.getStatus()));
        }
        System.out.printf(
            "LeaderPauseIT: %d requests, leader paused %d ms, resume -> stepped down %d ms; old"
                + " leader signed %.0f (stored %.0f), new leader %.0f; %d more after the pause%n",
            REQUESTS,
            paused.toMillis(),
            stepDown.toMillis(),
            leader.signatures(),
            leader.issued(),
            follower.issued(),
            AFTER);
      } finally {
        for (Replica replica : replicas) {
          replica.close();
        }
      }
    }
  }

  /** The replica's log so far, "" when it cannot be read. */
  private static String logOf(Replica replica) {
    try {
      return replica.logText();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** A few requests that are not Issued, with what their status says, for a failure message. */
  private static String notIssued(StoredRequests stored) {
    return stored.all().stream()
        .filter(r -> r.getStatus() == null || r.getStatus().getPhase() != Phase.ISSUED)
        .limit(3)
        .map(
            r ->
                r.getMetadata().getName()
                    + " "
                    + (r.getStatus() == null
                        ? "without status"
                        : r.getStatus().getPhase()
                            + " "
                            + r.getStatus()
                                .findCondition(ConditionTypes.READY)
                                .map(c -> c.getReason() + ": " + c.getMessage())
                                .orElse("")))
        .collect(Collectors.joining("; "));
  }

  private static int statusOf(Replica replica, String path) {
    try {
      return replica.status(path);
    } catch (Exception e) {
      return -1;
    }
  }

  private static double issuedBy(Replica replica) {
    try {
      return replica.issued();
    } catch (Exception e) {
      return -1;
    }
  }

  private static CompletableFuture<Void> startAsync(
      OperatorFixture fixture, String identity, List<Replica> started) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            Replica replica = Replica.start(fixture.cluster, identity, Map.of());
            synchronized (started) {
              started.add(replica);
            }
          } catch (Exception e) {
            throw new IllegalStateException("could not start " + identity, e);
          }
        });
  }
}
