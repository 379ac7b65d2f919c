package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.BucketCors;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.CORSRule;

class CorsCoverageTest {
  private static final String APP = "https://app.example.com";
  private static final CorsCoverage.Upload POST = new CorsCoverage.Upload("POST", List.of());
  private static final CorsCoverage.Upload PUT =
      new CorsCoverage.Upload("PUT", List.of("Content-Type", "If-None-Match"));
  private static final List<CorsCoverage.Upload> POST_AND_PUT = List.of(POST, PUT);

  private final CorsCoverage coverage = new CorsCoverage();

  private static CORSRule rule(
      List<String> origins, List<String> methods, List<String> headers, List<String> exposed) {
    return CORSRule.builder()
        .allowedOrigins(origins)
        .allowedMethods(methods)
        .allowedHeaders(headers)
        .exposeHeaders(exposed)
        .build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("no rules", List.of(), List.of("may not POST", "may not PUT")),
        Arguments.of(
            "the operator's own rule",
            List.of(
                new CorsRuleFactory()
                    .ruleFor(OwnedRuleId.forClass("c"), new BucketCors(List.of(APP), null))),
            List.of()),
        Arguments.of(
            "any origin, any header, ETag exposed",
            List.of(rule(List.of("*"), List.of("POST", "PUT"), List.of("*"), List.of("ETag"))),
            List.of()),
        Arguments.of(
            "a wildcard subdomain origin and lowercase etag",
            List.of(
                rule(
                    List.of("https://*.example.com"),
                    List.of("POST", "PUT"),
                    List.of("content-type", "if-none-match"),
                    List.of("etag"))),
            List.of()),
        Arguments.of(
            "another origin only",
            List.of(
                rule(
                    List.of("https://other.example.com"),
                    List.of("POST", "PUT"),
                    List.of("*"),
                    List.of("ETag"))),
            List.of("may not POST", "may not PUT")),
        Arguments.of(
            "GET only",
            List.of(rule(List.of("*"), List.of("GET"), List.of("*"), List.of("ETag"))),
            List.of("may not POST", "may not PUT")),
        Arguments.of(
            "ETag not exposed (Uppy hangs at 100%)",
            List.of(rule(List.of("*"), List.of("POST", "PUT"), List.of("*"), List.of())),
            List.of("ETag not exposed for POST", "ETag not exposed for PUT")),
        Arguments.of(
            "If-None-Match not allowed",
            List.of(
                rule(
                    List.of(APP),
                    List.of("POST", "PUT"),
                    List.of("Content-Type"),
                    List.of("ETag"))),
            List.of("header If-None-Match not allowed for PUT")),
        Arguments.of(
            "headers allowed only by different rules",
            List.of(
                rule(List.of(APP), List.of("PUT"), List.of("Content-Type"), List.of("ETag")),
                rule(
                    List.of(APP),
                    List.of("PUT", "POST"),
                    List.of("If-None-Match"),
                    List.of("ETag"))),
            List.of("headers Content-Type, If-None-Match together not allowed for PUT")),
        Arguments.of(
            "the first matching rule decides what is exposed",
            List.of(
                rule(List.of("*"), List.of("PUT"), List.of("*"), List.of()),
                rule(List.of(APP), List.of("POST", "PUT"), List.of("*"), List.of("ETag"))),
            List.of("ETag not exposed for PUT")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesLikeS3(String name, List<CORSRule> rules, List<String> missing) {
    assertThat(coverage.missing(rules, APP, POST_AND_PUT)).containsExactlyElementsOf(missing);
  }

  @Test
  void originsAllowedListsThePatternsThatWork() {
    List<CORSRule> rules =
        List.of(
            rule(List.of("https://a.example.com"), List.of("PUT"), List.of("*"), List.of("ETag")),
            rule(
                List.of("https://b.example.com", "https://*.c.example"),
                List.of("POST", "PUT"),
                List.of("*"),
                List.of("ETag")),
            rule(
                List.of("https://d.example.com"), List.of("POST", "PUT"), List.of("*"), List.of()));

    assertThat(coverage.originsAllowed(rules, POST_AND_PUT))
        .containsExactly("https://b.example.com", "https://*.c.example");
    assertThat(coverage.originsAllowed(rules, List.of(PUT)))
        .containsExactly("https://a.example.com", "https://b.example.com", "https://*.c.example");
  }

  @Test
  void wildcardsMatchLikeS3() {
    assertThat(CorsCoverage.wildcard("*", "https://x", false)).isTrue();
    assertThat(CorsCoverage.wildcard("https://*.example.com", "https://a.example.com", false))
        .isTrue();
    assertThat(CorsCoverage.wildcard("https://*.example.com", "https://example.com", false))
        .isFalse();
    assertThat(CorsCoverage.wildcard("x-amz-*", "X-Amz-Meta-Name", true)).isTrue();
    assertThat(CorsCoverage.wildcard("https://App.example.com", "https://app.example.com", false))
        .isFalse();
  }
}
