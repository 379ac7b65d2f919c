package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeadObjectBudgetTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  private HeadObjectBudget budget(int perSecond) {
    return new HeadObjectBudget(perSecond, now::get);
  }

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Test
  void aBurstOfOneSecondGoesAtOnceThenEachRequestGetsItsOwnSlot() {
    HeadObjectBudget budget = budget(10);
    List<Duration> answers = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      answers.add(budget.reserve("uid-" + i));
    }
    assertThat(answers.subList(0, 10)).allMatch(Duration::isZero);
    assertThat(answers.subList(10, 13))
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    assertThat(budget.backlog()).isEqualTo(3);
  }

  @Test
  void aRequestAskingAgainBeforeItsSlotKeepsItAndTakesNoOther() {
    HeadObjectBudget budget = budget(10);
    for (int i = 0; i < 10; i++) {
      budget.reserve("burst-" + i);
    }
    assertThat(budget.reserve("a")).isEqualTo(Duration.ofMillis(100));
    advance(Duration.ofMillis(40));
    assertThat(budget.reserve("a")).isEqualTo(Duration.ofMillis(60));
    // b comes after a's slot, not after a second one of a's.
    assertThat(budget.reserve("b")).isEqualTo(Duration.ofMillis(160));
  }

  @Test
  void atItsSlotTheRequestGoesAndTheSlotIsUsedUp() {
    HeadObjectBudget budget = budget(10);
    for (int i = 0; i < 10; i++) {
      budget.reserve("burst-" + i);
    }
    Duration wait = budget.reserve("a");
    advance(wait);
    assertThat(budget.reserve("a")).isZero();
    assertThat(budget.backlog()).isZero();
    // Its next look is a new request for a slot.
    assertThat(budget.reserve("a")).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void unusedCapacityIsNotSavedBeyondOneSecond() {
    HeadObjectBudget budget = budget(5);
    advance(Duration.ofMinutes(10));
    int atOnce = 0;
    while (budget.reserve("uid-" + atOnce).isZero()) {
      atOnce++;
    }
    assertThat(atOnce).isEqualTo(5);
  }

  @Test
  void aBacklogIsServedAtTheCapEachRequestComingBackOnce() {
    HeadObjectBudget budget = budget(50);
    long start = now.get();
    // 1,000 requests due at once; each comes back exactly when its answer says.
    java.util.PriorityQueue<long[]> due =
        new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(e -> e[0]));
    for (int i = 0; i < 1000; i++) {
      due.add(new long[] {start, i});
    }
    List<Long> calls = new ArrayList<>();
    int asks = 0;
    while (!due.isEmpty()) {
      long[] next = due.poll();
      now.set(next[0]);
      asks++;
      Duration wait = budget.reserve("uid-" + next[1]);
      if (wait.isZero()) {
        calls.add(now.get() - start);
      } else {
        due.add(new long[] {now.get() + wait.toNanos(), next[1]});
      }
    }
    assertThat(calls).hasSize(1000);
    // Each request asked at most twice: once when due, once at its slot.
    assertThat(asks).isLessThanOrEqualTo(2000);
    // The burst of 50 at once, then 50 a second: the last of 1,000 after 19 s.
    assertThat(calls.get(999)).isEqualTo(Duration.ofMillis(19_000).toNanos());
    for (long second = 1; second < 19; second++) {
      long from = Duration.ofSeconds(second).toNanos();
      long to = from + Duration.ofSeconds(1).toNanos();
      assertThat(calls.stream().filter(t -> t >= from && t < to).count()).isEqualTo(50);
    }
  }

  @Test
  void releasedAndStaleSlotsAreForgotten() {
    HeadObjectBudget budget = budget(1);
    budget.reserve("first");
    assertThat(budget.reserve("finished-elsewhere")).isEqualTo(Duration.ofSeconds(1));
    assertThat(budget.reserve("deleted")).isEqualTo(Duration.ofSeconds(2));
    budget.release("finished-elsewhere");
    assertThat(budget.backlog()).isEqualTo(1);
    // "deleted" never comes back; a minute past its slot it is dropped.
    advance(Duration.ofMinutes(2));
    budget.reserve("later");
    assertThat(budget.backlog()).isZero();
  }

  @Test
  void refusesARateBelowOne() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> budget(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perSecond");
  }
}
