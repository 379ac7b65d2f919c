package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.s3.BucketLifecycle;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;

class MultipartLifecycleRulesTest {
  private static final MultipartLifecycleRules RULES = new MultipartLifecycleRules();
  private static final OwnedRuleId ID = OwnedRuleId.forClass("default");
  private static final LifecycleRule OURS = RULES.ruleFor(ID, "media/", 7);
  private static final LifecycleRule OURS_BEFORE = RULES.ruleFor(ID, "media/", 30);
  private static final LifecycleRule OTHER_CLASS =
      RULES.ruleFor(OwnedRuleId.forClass("archive"), "archive/", 1);
  private static final LifecycleRule EXPIRE_LOGS =
      LifecycleRule.builder()
          .id("expire-logs")
          .status(ExpirationStatus.ENABLED)
          .filter(f -> f.prefix("logs/"))
          .expiration(e -> e.days(90))
          .build();
  private static final TransitionDefaultMinimumObjectSize SIZE =
      TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "no configuration",
            BucketLifecycle.empty(),
            Optional.of(new BucketLifecycle(List.of(OURS), null))),
        Arguments.of(
            "other rules and the bucket's transition size are kept",
            new BucketLifecycle(List.of(EXPIRE_LOGS, OTHER_CLASS), SIZE),
            Optional.of(new BucketLifecycle(List.of(EXPIRE_LOGS, OTHER_CLASS, OURS), SIZE))),
        Arguments.of(
            "our old rule is replaced where it stands",
            new BucketLifecycle(List.of(OURS_BEFORE, EXPIRE_LOGS), SIZE),
            Optional.of(new BucketLifecycle(List.of(OURS, EXPIRE_LOGS), SIZE))),
        Arguments.of(
            "already there: nothing to write",
            new BucketLifecycle(List.of(EXPIRE_LOGS, OURS), SIZE),
            Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void merges(String name, BucketLifecycle existing, Optional<BucketLifecycle> expected) {
    assertThat(RULES.merge(existing, OURS)).isEqualTo(expected);
  }

  @Test
  void theRuleAbortsOnlyUnderTheClassPrefix() {
    assertThat(OURS.id()).isEqualTo("presign:default");
    assertThat(OURS.status()).isEqualTo(ExpirationStatus.ENABLED);
    assertThat(OURS.filter().prefix()).isEqualTo("media/");
    assertThat(OURS.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);
    assertThat(OURS.expiration()).isNull();
    assertThat(OURS.transitions()).isEmpty();
  }
}
