package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.Reasons;
import dev.presign.fields.UploadField;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ViolationTest {

  /** The text of conditions and Events: unchanged by the move to field identities. */
  static Stream<Arguments> descriptions() {
    return Stream.of(
        Arguments.of(
            Violation.failed(Reasons.INVALID_SPEC, UploadField.FILE_SIZE, "must be at least 1"),
            "spec.fileSize: must be at least 1"),
        Arguments.of(
            Violation.denied(Reasons.NAMESPACE_NOT_ALLOWED, UploadField.NAMESPACE, "not selected"),
            "metadata.namespace: not selected"),
        Arguments.of(
            Violation.failed(Reasons.INVALID_SPEC, UploadField.KEY_PREFIX, "must be empty, or"),
            "uploadClass.spec.keyPrefix: must be empty, or"),
        Arguments.of(
            Violation.failed(Reasons.INVALID_SPEC, (UploadField) null, "no field to blame"),
            "no field to blame"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("descriptions")
  void describeStartsWithTheCrdPath(Violation violation, String described) {
    assertThat(violation.describe()).isEqualTo(described);
  }

  @Test
  void failedAndDeniedSetTheConditionType() {
    assertThat(Violation.failed("R", UploadField.UPLOAD_TO, "m").conditionType())
        .isEqualTo("Failed");
    assertThat(Violation.denied("R", UploadField.UPLOAD_TO, "m").conditionType())
        .isEqualTo("Denied");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(UploadField.class)
  void aConditionGivesBackTheViolationItDescribes(UploadField field) {
    Violation violation = Violation.denied("SomeReason", field, "what: is allowed");
    Condition condition =
        new ConditionBuilder()
            .withType(violation.conditionType())
            .withReason(violation.reason())
            .withMessage(violation.describe())
            .build();

    assertThat(Violation.fromCondition(condition)).isEqualTo(violation);
  }

  @Test
  void aConditionWithoutAFieldGivesBackItsWholeMessage() {
    Condition condition =
        new ConditionBuilder()
            .withType("Failed")
            .withReason("Cancelled")
            .withMessage("spec: is required: cancelled")
            .build();

    assertThat(Violation.fromCondition(condition))
        .isEqualTo(Violation.failed("Cancelled", UploadField.SPEC, "is required: cancelled"));
  }
}
