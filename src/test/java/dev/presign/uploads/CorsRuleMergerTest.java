package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.BucketCors;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.CORSRule;

class CorsRuleMergerTest {
  private static final CorsRuleFactory FACTORY = new CorsRuleFactory();
  private static final CORSRule OURS =
      FACTORY.ruleFor(
          OwnedRuleId.forClass("default"),
          new BucketCors(List.of("https://app.example.com"), null));
  private static final CORSRule OURS_BEFORE =
      FACTORY.ruleFor(
          OwnedRuleId.forClass("default"), new BucketCors(List.of("https://old.example.com"), 60));
  private static final CORSRule OTHER_CLASS =
      FACTORY.ruleFor(OwnedRuleId.forClass("archive"), new BucketCors(List.of("*"), null));
  private static final CORSRule LATER_CLASS =
      FACTORY.ruleFor(OwnedRuleId.forClass("zeta"), new BucketCors(List.of("*"), null));
  private static final CORSRule GET_RULE =
      CORSRule.builder().id("cdn-reads").allowedOrigins("*").allowedMethods("GET", "HEAD").build();
  private static final CORSRule NO_ID =
      CORSRule.builder().allowedOrigins("https://app.example.com").allowedMethods("PUT").build();

  private final CorsRuleMerger merger = new CorsRuleMerger();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("empty bucket", List.of(), Optional.of(List.of(OURS))),
        Arguments.of(
            "foreign rules are kept, after ours",
            List.of(GET_RULE, NO_ID),
            Optional.of(List.of(OURS, GET_RULE, NO_ID))),
        Arguments.of(
            "our old rule is replaced",
            List.of(GET_RULE, OURS_BEFORE),
            Optional.of(List.of(OURS, GET_RULE))),
        Arguments.of("already there: nothing to write", List.of(OURS, GET_RULE), Optional.empty()),
        Arguments.of(
            "already there but behind a foreign rule: moved first",
            List.of(GET_RULE, OURS),
            Optional.of(List.of(OURS, GET_RULE))),
        Arguments.of(
            "other classes' rules stay, all of them sorted by ID",
            List.of(LATER_CLASS, GET_RULE, OTHER_CLASS),
            Optional.of(List.of(OTHER_CLASS, OURS, LATER_CLASS, GET_RULE))),
        Arguments.of(
            "other classes in order and ours among them: nothing to write",
            List.of(OTHER_CLASS, OURS, LATER_CLASS, GET_RULE),
            Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void merges(String name, List<CORSRule> existing, Optional<List<CORSRule>> expected) {
    assertThat(merger.merge(existing, OURS)).isEqualTo(expected);
  }

  @Test
  void twoClassesSharingABucketSettleOnOneList() {
    CORSRule archive = OTHER_CLASS;
    List<CORSRule> bucket = List.of(GET_RULE);
    bucket = merger.merge(bucket, OURS).orElse(bucket);
    bucket = merger.merge(bucket, archive).orElse(bucket);

    assertThat(merger.merge(bucket, OURS)).isEmpty();
    assertThat(merger.merge(bucket, archive)).isEmpty();
    assertThat(bucket).containsExactly(archive, OURS, GET_RULE);
  }

  @Test
  void theRuleAllowsPostAndPutWithTheSignedHeadersAndExposesEtagAndLocation() {
    assertThat(OURS.id()).isEqualTo("presign:default");
    assertThat(OURS.allowedMethods()).containsExactly("POST", "PUT");
    assertThat(OURS.allowedHeaders())
        .containsExactly("Content-Type", "Content-MD5", "If-None-Match", "x-amz-*");
    assertThat(OURS.exposeHeaders()).containsExactly("ETag", "Location");
    assertThat(OURS.maxAgeSeconds()).isEqualTo(3600);
    assertThat(OURS_BEFORE.maxAgeSeconds()).isEqualTo(60);
  }
}
