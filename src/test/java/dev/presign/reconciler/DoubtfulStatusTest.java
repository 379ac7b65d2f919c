package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadClassStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which updates of an UploadClass make its reconciler probe again. */
class DoubtfulStatusTest {
  private final UploadClassReconciler.DoubtfulStatus filter =
      new UploadClassReconciler.DoubtfulStatus();

  @Test
  void aNewSpecIsProbed() {
    assertThat(filter.accept(uploadClass(2, ready()), uploadClass(1, ready()))).isTrue();
  }

  @Test
  void aNotReadyStatusSomeoneWroteIsProbed() {
    // The woken ex-leader's Ready=False over the new leader's Ready=True.
    assertThat(filter.accept(uploadClass(1, notReady("timed out")), uploadClass(1, ready())))
        .isTrue();
    assertThat(filter.accept(uploadClass(1, null), uploadClass(1, ready()))).isTrue();
    assertThat(filter.accept(uploadClass(1, new UploadClassStatus()), uploadClass(1, ready())))
        .isTrue();
  }

  @Test
  void aReadyStatusWaitsForTheNextProbe() {
    assertThat(filter.accept(uploadClass(1, ready()), uploadClass(1, notReady("timed out"))))
        .isFalse();
  }

  @Test
  void otherChangesAreNotProbed() {
    UploadClass annotated = uploadClass(1, notReady("timed out"));
    annotated.getMetadata().setAnnotations(Map.of("note", "x"));
    assertThat(filter.accept(annotated, uploadClass(1, notReady("timed out")))).isFalse();
    assertThat(filter.accept(uploadClass(1, ready()), uploadClass(1, ready()))).isFalse();
  }

  private static UploadClass uploadClass(long generation, UploadClassStatus status) {
    UploadClass uploadClass = new UploadClass();
    uploadClass.getMetadata().setName("default");
    uploadClass.getMetadata().setGeneration(generation);
    uploadClass.setStatus(status);
    return uploadClass;
  }

  private static UploadClassStatus ready() {
    return status(ConditionTypes.STATUS_TRUE, Reasons.PROBED, "bucket uploads is reachable");
  }

  private static UploadClassStatus notReady(String message) {
    return status(ConditionTypes.STATUS_FALSE, Reasons.BUCKET_PROBE_FAILED, message);
  }

  private static UploadClassStatus status(String ready, String reason, String message) {
    UploadClassStatus status = new UploadClassStatus();
    status.setObservedGeneration(1L);
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType(ConditionTypes.READY)
                .withStatus(ready)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(1L)
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build()));
    return status;
  }
}
