package dev.presign.uploads;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets a {@code metav1.Condition} in a list, keeping {@code lastTransitionTime} while the
 * condition's status stays the same, so an unchanged condition never looks like a change.
 */
public final class ConditionSetter {
  private final Clock clock;

  public ConditionSetter(Clock clock) {
    this.clock = clock;
  }

  /** A new list with {@code type} set; other conditions are kept as they were. */
  public List<Condition> set(
      List<Condition> existing,
      String type,
      String status,
      String reason,
      String message,
      Long generation) {
    List<Condition> result = new ArrayList<>();
    Condition previous = null;
    if (existing != null) {
      for (Condition condition : existing) {
        if (type.equals(condition.getType())) {
          previous = condition;
        } else {
          result.add(condition);
        }
      }
    }
    String transition =
        previous != null
                && status.equals(previous.getStatus())
                && previous.getLastTransitionTime() != null
            ? previous.getLastTransitionTime()
            : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    result.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build());
    result.sort((a, b) -> Objects.compare(a.getType(), b.getType(), String::compareTo));
    return result;
  }

  /** A new list without {@code type}. */
  public List<Condition> remove(List<Condition> existing, String type) {
    List<Condition> result = new ArrayList<>();
    if (existing != null) {
      existing.stream().filter(c -> !type.equals(c.getType())).forEach(result::add);
    }
    return result;
  }
}
