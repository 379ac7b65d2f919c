package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadObjectBudgetTest {
  @Test
  void allowsABurstOfOneSecondThenRefuses() {
    HeadObjectBudget budget = new HeadObjectBudget(5);
    int granted = 0;
    for (int i = 0; i < 20; i++) {
      if (budget.tryAcquire()) {
        granted++;
      }
    }
    // 5 from the full bucket; refilling at 5/s adds at most one in the microseconds this loop
    // takes.
    assertThat(granted).isBetween(5, 6);
  }

  @Test
  void refillsOverTime() throws InterruptedException {
    HeadObjectBudget budget = new HeadObjectBudget(10);
    while (budget.tryAcquire()) {
      // drain the bucket
    }
    Thread.sleep(300);
    int granted = 0;
    while (budget.tryAcquire()) {
      granted++;
    }
    assertThat(granted).isBetween(2, 10);
  }
}
