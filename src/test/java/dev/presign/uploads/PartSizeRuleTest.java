package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.fields.UploadField;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** S3's part limits and the default size, one named row each. */
class PartSizeRuleTest {
  private static final long MIB = 1024L * 1024;
  private static final long GIB = 1024 * MIB;
  private static final long TIB = 1024 * GIB;

  private final PartSizeRule rule = new PartSizeRule();

  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of("a tiny file: one part of 5 MiB", 1L, null, 5 * MIB, 1),
        Arguments.of("101 MiB by default: 21 parts of 5 MiB", 101 * MIB, null, 5 * MIB, 21),
        Arguments.of(
            "exactly 50,000 MiB: 10,000 parts of 5 MiB", 50_000 * MIB, null, 5 * MIB, 10_000),
        Arguments.of(
            "one byte more: the part grows to ceil(size / 10000)",
            50_000 * MIB + 1,
            null,
            5 * MIB + 1,
            10_000),
        Arguments.of("5 TiB by default: ceil(5 TiB / 10000)", 5 * TIB, null, 549_755_814L, 10_000),
        Arguments.of("the client's 8 MiB", 120 * MIB, 8 * MIB, 8 * MIB, 15),
        Arguments.of("the client's 5 GiB for 6 GiB", 6 * GIB, 5 * GIB, 5 * GIB, 2),
        Arguments.of("a part larger than the file: one part", 3 * MIB, 64 * MIB, 64 * MIB, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void plans(String name, long fileSize, Long requested, long partSize, int partCount) {
    assertThat(rule.plan(fileSize, requested))
        .isEqualTo(new PartSizeRule.PartPlan(partSize, partCount));
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "under 5 MiB",
            100 * MIB,
            5 * MIB - 1,
            UploadField.PART_SIZE,
            "must be from 5242880 to 5368709120 bytes for a file of 104857600 bytes (parts of 5"
                + " MiB to 5 GiB, at most 10000 parts), or omitted for 5242880"),
        Arguments.of(
            "over 5 GiB",
            10 * GIB,
            5 * GIB + 1,
            UploadField.PART_SIZE,
            "must be from 5242880 to 5368709120 bytes for a file of 10737418240 bytes (parts of 5"
                + " MiB to 5 GiB, at most 10000 parts), or omitted for 5242880"),
        Arguments.of(
            "too small for 10,000 parts",
            100 * GIB,
            5 * MIB,
            UploadField.PART_SIZE,
            "must be from 10737419 to 5368709120 bytes for a file of 107374182400 bytes (parts of"
                + " 5 MiB to 5 GiB, at most 10000 parts), or omitted for 10737419"),
        Arguments.of(
            "a file over 5 TiB",
            5 * TIB + 1,
            null,
            UploadField.FILE_SIZE,
            "must be from 1 to 5497558138880 bytes (5 TiB, S3's object limit)"),
        Arguments.of(
            "an empty file",
            0L,
            null,
            UploadField.FILE_SIZE,
            "must be from 1 to 5497558138880 bytes (5 TiB, S3's object limit)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesNamingTheField(
      String name, long fileSize, Long requested, UploadField field, String message) {
    assertThatThrownBy(() -> rule.plan(fileSize, requested))
        .isInstanceOfSatisfying(
            ViolationException.class,
            e -> {
              assertThat(e.violation().field()).isEqualTo(field);
              assertThat(e.violation().message()).isEqualTo(message);
            });
  }

  @Test
  void theLastPartCarriesTheRest() {
    PartSizeRule.PartPlan plan = rule.plan(10 * MIB + 7, null);
    assertThat(plan.partCount()).isEqualTo(3);
    assertThat(plan.lengthOf(1, 10 * MIB + 7)).isEqualTo(5 * MIB);
    assertThat(plan.lengthOf(2, 10 * MIB + 7)).isEqualTo(5 * MIB);
    assertThat(plan.lengthOf(3, 10 * MIB + 7)).isEqualTo(7);
    assertThatThrownBy(() -> plan.lengthOf(4, 10 * MIB + 7))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> plan.lengthOf(0, 10 * MIB + 7))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
