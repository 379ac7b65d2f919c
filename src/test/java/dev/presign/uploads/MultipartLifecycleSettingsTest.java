package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.BucketConditions;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.s3.BucketConfigCall.Outcome;
import dev.presign.s3.BucketLifecycle;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import dev.presign.uploads.TestingBucketConfigStore.Call;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

class MultipartLifecycleSettingsTest {
  private static final BucketEndpoint ENDPOINT =
      BucketEndpoint.of("us-east-1", "http://127.0.0.1:9", null);
  private static final SigningCredentials CREDENTIALS =
      SigningCredentials.permanent("AKIDEXAMPLE", "canary-secret-7d1e");
  private static final LifecycleRule EXPIRE_LOGS =
      LifecycleRule.builder()
          .id("expire-logs")
          .status(ExpirationStatus.ENABLED)
          .filter(f -> f.prefix("logs/"))
          .expiration(e -> e.days(90))
          .build();

  private record Case(
      String name,
      Integer days,
      Consumer<TestingBucketConfigStore> bucket,
      String status,
      String reason,
      List<String> messageParts,
      int writes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case(
                "written beside the bucket's rules",
                7,
                b -> b.lifecycle = new BucketLifecycle(List.of(EXPIRE_LOGS), null),
                "True",
                BucketConditions.APPLIED,
                List.of("presign:default", "under 'media/' 7 days"),
                1),
            new Case(
                "already there",
                1,
                b ->
                    b.lifecycle =
                        new BucketLifecycle(
                            List.of(
                                new MultipartLifecycleRules()
                                    .ruleFor(OwnedRuleId.forClass("default"), "media/", 1)),
                            null),
                "True",
                BucketConditions.APPLIED,
                List.of("1 day after"),
                0),
            new Case(
                "invalid days",
                0,
                b -> {},
                "False",
                BucketConditions.INVALID_SPEC,
                List.of("spec.abortIncompleteMultipartUploadDays: must be 1-3650, not 0"),
                0),
            new Case(
                "may not read: nothing written",
                7,
                b -> b.failing(Call.GET_LIFECYCLE, Outcome.ACCESS_DENIED),
                "Unknown",
                BucketConditions.ACCESS_DENIED,
                List.of("s3:GetLifecycleConfiguration", "wrote nothing", "by hand"),
                0),
            new Case(
                "may read, may not write",
                7,
                b -> b.failing(Call.PUT_LIFECYCLE, Outcome.ACCESS_DENIED),
                "False",
                BucketConditions.ACCESS_DENIED,
                List.of("s3:PutLifecycleConfiguration", "presign:default"),
                0),
            new Case(
                "store without lifecycle rules (S3Proxy)",
                7,
                b -> b.failing(Call.GET_LIFECYCLE, Outcome.UNSUPPORTED),
                "False",
                BucketConditions.UNSUPPORTED,
                List.of("has no lifecycle rules", "abandoned multipart uploads stay"),
                0),
            new Case(
                "store unreachable",
                7,
                b -> b.failing(Call.GET_LIFECYCLE, Outcome.FAILED),
                "Unknown",
                BucketConditions.CHECK_FAILED,
                List.of("GET_LIFECYCLE answered FAILED"),
                0))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheRule(Case c) {
    TestingBucketConfigStore store = new TestingBucketConfigStore();
    c.bucket().accept(store);
    UploadClassSpec spec = new UploadClassSpec();
    spec.setBucket("uploads");
    spec.setAbortIncompleteMultipartUploadDays(c.days());

    Optional<BucketConditionOutcome> outcome =
        new MultipartLifecycleSettings(store).reconcile("default", spec, ENDPOINT, CREDENTIALS);

    assertThat(outcome).isPresent();
    assertThat(outcome.get().status()).isEqualTo(c.status());
    assertThat(outcome.get().reason()).isEqualTo(c.reason());
    assertThat(outcome.get().message()).contains(c.messageParts()).doesNotContain("canary-secret");
    assertThat(store.writes).hasSize(c.writes());
    if (c.writes() > 0) {
      assertThat(store.lifecycle.rules()).contains(EXPIRE_LOGS).hasSize(2);
    }
  }

  @org.junit.jupiter.api.Test
  void nothingWithoutTheField() {
    TestingBucketConfigStore store = new TestingBucketConfigStore();
    UploadClassSpec spec = new UploadClassSpec();
    spec.setBucket("uploads");

    assertThat(
            new MultipartLifecycleSettings(store).reconcile("default", spec, ENDPOINT, CREDENTIALS))
        .isEmpty();
    assertThat(store.writes).isEmpty();
  }
}
