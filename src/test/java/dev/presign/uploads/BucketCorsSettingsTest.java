package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.BucketConditions;
import dev.presign.api.v1alpha1.BucketCors;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.s3.BucketConfigCall.Outcome;
import dev.presign.s3.CorsPreflight;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import dev.presign.uploads.TestingBucketConfigStore.Call;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.CORSRule;

class BucketCorsSettingsTest {
  private static final String APP = "https://app.example.com";
  private static final BucketEndpoint ENDPOINT =
      BucketEndpoint.of("us-east-1", "http://127.0.0.1:9", null);
  private static final SigningCredentials CREDENTIALS =
      SigningCredentials.permanent("AKIDEXAMPLE", "canary-secret-7d1e");
  private static final CORSRule READS =
      CORSRule.builder().id("cdn-reads").allowedOrigins("*").allowedMethods("GET").build();
  private static final CORSRule OPEN =
      CORSRule.builder()
          .id("team-uploads")
          .allowedOrigins("*")
          .allowedMethods("POST", "PUT")
          .allowedHeaders("*")
          .exposeHeaders("ETag")
          .build();

  /** A store without CORS for the origin: S3 and S3Proxy answer the preflight 403. */
  private static final CorsPreflight NO_CORS =
      (endpoint, bucket, origin, method, headers) ->
          new CorsPreflight.Answer(403, null, null, null, null, null);

  /** S3Proxy with s3proxy.cors-allow-all=true and ETag exposed. */
  private static final CorsPreflight ALLOW_ALL =
      (endpoint, bucket, origin, method, headers) ->
          new CorsPreflight.Answer(
              200, origin, "GET, HEAD, PUT, POST", String.join(",", headers), "ETag", null);

  /** A store that allows everything and does not say what it exposes in a preflight answer. */
  private static final CorsPreflight SILENT_ON_EXPOSURE =
      (endpoint, bucket, origin, method, headers) ->
          new CorsPreflight.Answer(200, "*", "POST, PUT", "*", null, null);

  private static final CorsPreflight UNREACHABLE =
      (endpoint, bucket, origin, method, headers) ->
          CorsPreflight.Answer.unreachable("cannot reach http://127.0.0.1:9/uploads/");

  private static UploadClassSpec spec(BucketCors cors, UploadMethod method) {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setBucket("uploads");
    spec.setCors(cors);
    spec.setMethod(method);
    return spec;
  }

  private static BucketCors app() {
    return new BucketCors(List.of(APP), null);
  }

  private record Case(
      String name,
      UploadClassSpec spec,
      Consumer<TestingBucketConfigStore> bucket,
      CorsPreflight preflight,
      String status,
      String reason,
      List<String> messageParts,
      boolean writes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case(
                "cors set, bucket without rules: the rule is written",
                spec(app(), null),
                b -> {},
                NO_CORS,
                "True",
                BucketConditions.APPLIED,
                List.of("presign:default", APP, "ETag and Location"),
                true),
            new Case(
                "cors set, the rule already there: nothing written",
                spec(app(), null),
                b ->
                    b.cors =
                        List.of(
                            new CorsRuleFactory().ruleFor(OwnedRuleId.forClass("default"), app()),
                            READS),
                NO_CORS,
                "True",
                BucketConditions.APPLIED,
                List.of("presign:default"),
                false),
            new Case(
                "cors invalid: nothing read or written",
                spec(new BucketCors(List.of(APP + "/"), null), null),
                b -> {},
                NO_CORS,
                "False",
                BucketConditions.INVALID_SPEC,
                List.of("spec.cors.allowedOrigins[0]", "trailing '/'"),
                false),
            new Case(
                "cors set, may not read: nothing written, Unknown",
                spec(app(), null),
                b -> b.failing(Call.GET_CORS, Outcome.ACCESS_DENIED),
                NO_CORS,
                "False",
                BucketConditions.RULES_MISSING,
                List.of(
                    APP
                        + " preflight for POST answered HTTP 403, preflight for PUT answered HTTP"
                        + " 403",
                    "s3:GetBucketCORS and s3:PutBucketCORS",
                    "add the rule of docs/bucket-cors.md by hand"),
                false),
            new Case(
                "cors set, may not read, preflights allowed",
                spec(app(), null),
                b -> b.failing(Call.GET_CORS, Outcome.ACCESS_DENIED),
                ALLOW_ALL,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of("may not read", "preflights to bucket uploads from " + APP, "ETag exposed"),
                false),
            new Case(
                "cors set, may not read, store unreachable",
                spec(app(), null),
                b -> b.failing(Call.GET_CORS, Outcome.ACCESS_DENIED),
                UNREACHABLE,
                "Unknown",
                BucketConditions.ACCESS_DENIED,
                List.of("wrote nothing", "a CORS preflight failed too: cannot reach"),
                false),
            new Case(
                "cors set, store without bucket CORS (S3Proxy)",
                spec(app(), null),
                b -> b.failing(Call.GET_CORS, Outcome.UNSUPPORTED),
                NO_CORS,
                "False",
                BucketConditions.RULES_MISSING,
                List.of("preflight for PUT answered HTTP 403", "s3proxy.cors-"),
                false),
            new Case(
                "cors set, store with its own CORS settings that allow all (S3Proxy in local mode)",
                spec(app(), null),
                b -> b.failing(Call.GET_CORS, Outcome.UNSUPPORTED),
                ALLOW_ALL,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of("no bucket CORS rules to read or write", "for POST and PUT were allowed"),
                false),
            new Case(
                "cors set, store silent about exposed headers",
                spec(app(), null),
                b -> b.failing(Call.GET_CORS, Outcome.UNSUPPORTED),
                SILENT_ON_EXPOSURE,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of("do not say whether ETag is exposed"),
                false),
            new Case(
                "cors set, store unreachable",
                spec(app(), null),
                b -> b.failing(Call.GET_CORS, Outcome.FAILED),
                NO_CORS,
                "Unknown",
                BucketConditions.CHECK_FAILED,
                List.of("GET_CORS answered FAILED"),
                false),
            new Case(
                "may not write, the bucket's rules already do it",
                spec(app(), null),
                b -> {
                  b.cors = List.of(READS, OPEN);
                  b.failing(Call.PUT_CORS, Outcome.ACCESS_DENIED);
                },
                NO_CORS,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of("may not write", "s3:PutBucketCORS", APP),
                false),
            new Case(
                "may not write, the bucket's rules do not do it",
                spec(new BucketCors(List.of(APP, "http://localhost:3000"), null), null),
                b -> {
                  b.cors = List.of(READS);
                  b.failing(Call.PUT_CORS, Outcome.ACCESS_DENIED);
                },
                NO_CORS,
                "False",
                BucketConditions.RULES_MISSING,
                List.of(
                    APP + " may not POST, may not PUT",
                    "http://localhost:3000 may not POST",
                    "s3:PutBucketCORS",
                    "docs/bucket-cors.md"),
                false),
            new Case(
                "cors set, store takes the write and keeps nothing, allows all by itself",
                spec(app(), null),
                b -> b.forgetsCors = true,
                ALLOW_ALL,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of(
                    "PutBucketCors was answered OK but GetBucketCors does not show rule"
                        + " presign:default",
                    "were allowed, with ETag exposed"),
                true),
            new Case(
                "cors set, store without the write (MinIO community), no CORS by itself",
                spec(app(), null),
                b -> b.failing(Call.PUT_CORS, Outcome.UNSUPPORTED),
                NO_CORS,
                "False",
                BucketConditions.RULES_MISSING,
                List.of("preflight for POST answered HTTP 403", "PUT_CORS answered UNSUPPORTED"),
                false),
            new Case(
                "cors set, store without the write, allows all by itself",
                spec(app(), null),
                b -> b.failing(Call.PUT_CORS, Outcome.UNSUPPORTED),
                ALLOW_ALL,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of("no bucket CORS rules to read or write (PUT_CORS answered UNSUPPORTED"),
                false),
            new Case(
                "no cors, no rules, yet the store allows every origin (older MinIO)",
                spec(null, null),
                b -> {},
                ALLOW_ALL,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of("allows CORS from any origin", "cors-check.presign.invalid"),
                false),
            new Case(
                "no cors, store without bucket CORS that allows every origin (local mode)",
                spec(null, null),
                b -> b.failing(Call.GET_CORS, Outcome.UNSUPPORTED),
                ALLOW_ALL,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of("spec.cors is not set", "allows CORS from any origin"),
                false),
            new Case(
                "no cors, may not read, the store allows every origin",
                spec(null, null),
                b -> b.failing(Call.GET_CORS, Outcome.ACCESS_DENIED),
                ALLOW_ALL,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of("allows CORS from any origin"),
                false),
            new Case(
                "no cors, may not read, preflight refused",
                spec(null, null),
                b -> b.failing(Call.GET_CORS, Outcome.ACCESS_DENIED),
                NO_CORS,
                "Unknown",
                BucketConditions.ACCESS_DENIED,
                List.of("spec.cors is not set and", "allow s3:GetBucketCORS to have them checked"),
                false),
            new Case(
                "no cors, no rules",
                spec(null, null),
                b -> {},
                NO_CORS,
                "False",
                BucketConditions.RULES_MISSING,
                List.of("has no CORS rules", "set spec.cors"),
                false),
            new Case(
                "no cors, rules that let browsers upload",
                spec(null, null),
                b -> b.cors = List.of(READS, OPEN),
                NO_CORS,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of(
                    "spec.cors is not set",
                    "pages on *",
                    "POST and PUT with Content-Type, If-None-Match"),
                false),
            new Case(
                "no cors, rules for reading only",
                spec(null, null),
                b -> b.cors = List.of(READS),
                NO_CORS,
                "False",
                BucketConditions.RULES_MISSING,
                List.of("no CORS rule of bucket uploads lets a browser make POST"),
                false),
            new Case(
                "no cors, a PUT class needs PUT only",
                spec(null, UploadMethod.PUT),
                b ->
                    b.cors =
                        List.of(
                            CORSRule.builder()
                                .allowedOrigins(APP)
                                .allowedMethods("PUT")
                                .allowedHeaders("content-type", "if-none-match")
                                .exposeHeaders("ETag")
                                .build()),
                NO_CORS,
                "True",
                BucketConditions.ALLOWED_BY_BUCKET_RULES,
                List.of(APP, "make PUT with"),
                false),
            new Case(
                "no cors, store without bucket CORS",
                spec(null, null),
                b -> b.failing(Call.GET_CORS, Outcome.UNSUPPORTED),
                NO_CORS,
                "Unknown",
                BucketConditions.UNSUPPORTED,
                List.of("spec.cors is not set", "s3proxy.cors-"),
                false))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsWhatBrowsersMayDo(Case c) {
    TestingBucketConfigStore store = new TestingBucketConfigStore();
    c.bucket().accept(store);
    List<CORSRule> before = store.cors;

    BucketConditionOutcome outcome =
        new BucketCorsSettings(store, c.preflight())
            .reconcile("default", c.spec(), ENDPOINT, CREDENTIALS);

    assertThat(outcome.status()).isEqualTo(c.status());
    assertThat(outcome.reason()).isEqualTo(c.reason());
    assertThat(outcome.message()).contains(c.messageParts()).doesNotContain("canary-secret");
    assertThat(store.writes).hasSize(c.writes() ? 1 : 0);
    if (!c.writes()) {
      assertThat(store.cors).isSameAs(before);
    }
  }

  @Test
  void aWriteKeepsTheRulesTheOperatorDoesNotOwn() {
    TestingBucketConfigStore store = new TestingBucketConfigStore();
    store.cors = List.of(READS, OPEN);

    BucketConditionOutcome outcome =
        new BucketCorsSettings(store, NO_CORS)
            .reconcile("default", spec(app(), null), ENDPOINT, CREDENTIALS);

    assertThat(outcome.reason()).isEqualTo(BucketConditions.APPLIED);
    assertThat(store.cors)
        .extracting(CORSRule::id)
        .containsExactly("presign:default", "cdn-reads", "team-uploads");
    assertThat(store.cors.subList(1, 3)).containsExactly(READS, OPEN);
    // A second reconcile finds it as it should be and writes nothing.
    new BucketCorsSettings(store, NO_CORS)
        .reconcile("default", spec(app(), null), ENDPOINT, CREDENTIALS);
    assertThat(store.writes).hasSize(1);
  }
}
