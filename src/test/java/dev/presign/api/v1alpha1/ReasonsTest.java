package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonsTest {

  /** metav1.Condition's validation of reason. */
  private static final String METAV1_REASON = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

  @Test
  void allListsEveryReasonOnce() throws IllegalAccessException {
    List<String> constants = stringConstants(Reasons.class);

    assertThat(Reasons.ALL).containsExactlyInAnyOrderElementsOf(constants).doesNotHaveDuplicates();
  }

  @Test
  void reasonsAreValidCamelCaseConditionReasons() {
    assertThat(Reasons.ALL)
        .allSatisfy(r -> assertThat(r).matches(METAV1_REASON).matches("^[A-Z].*"));
  }

  @Test
  void phaseReasonsAreSpelledLikeThePhases() {
    assertThat(Reasons.PENDING).isEqualTo(Phase.PENDING.value());
    assertThat(Reasons.ISSUED).isEqualTo(Phase.ISSUED.value());
    assertThat(Reasons.UPLOADED).isEqualTo(Phase.UPLOADED.value());
    assertThat(Reasons.EXPIRED).isEqualTo(Phase.EXPIRED.value());
  }

  @Test
  void conditionTypesAndStatuses() throws IllegalAccessException {
    assertThat(List.of(ConditionTypes.READY, ConditionTypes.FAILED, ConditionTypes.DENIED))
        .containsExactly("Ready", "Failed", "Denied");
    assertThat(stringConstants(ConditionTypes.class))
        .containsExactlyInAnyOrder(
            "Ready", "Failed", "Denied", "Notified", "True", "False", "Unknown");
  }

  private static List<String> stringConstants(Class<?> type) throws IllegalAccessException {
    List<String> values = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        values.add((String) field.get(null));
      }
    }
    return values;
  }
}
