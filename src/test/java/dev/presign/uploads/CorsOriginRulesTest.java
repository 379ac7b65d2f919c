package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.BucketCors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CorsOriginRulesTest {
  private final CorsOriginRules rules = new CorsOriginRules();

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "*",
        "https://app.example.com",
        "http://localhost:3000",
        "http://127.0.0.1:8081",
        "http://[::1]:8080",
        "https://xn--bcher-kva.example",
        "chrome-extension://abcdefghijklmnop",
        "https://a.b-c.example:65535"
      })
  void originsABrowserSendsAreAccepted(String origin) {
    assertThat(rules.problem(new BucketCors(List.of(origin), null))).isEmpty();
    // The CRD schema accepts the same (one definition of the pattern).
    assertThat(Pattern.matches(BucketCors.ORIGIN_PATTERN, origin)).isTrue();
  }

  static Stream<Arguments> badOrigins() {
    return Stream.of(
        Arguments.of("https://app.example.com/", "has a trailing '/'"),
        Arguments.of("https://App.example.com", "has uppercase letters"),
        Arguments.of("app.example.com", "has no scheme"),
        Arguments.of("https://app.example.com/upload", "has a path"),
        Arguments.of("https://*.example.com", "is not an origin"),
        Arguments.of("https://app.example.com:99999", "has a port above 65535"),
        Arguments.of("https://app.example.com?x=1", "is not an origin"),
        Arguments.of("", "is empty"),
        Arguments.of("null", "has no scheme"),
        Arguments.of("https://app.example.com\n", "is not an origin"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badOrigins")
  void otherValuesAreRefusedNamingTheFieldAndWhatIsAllowed(String origin, String why) {
    Optional<String> problem =
        rules.problem(new BucketCors(List.of("https://ok.example.com", origin), null));

    assertThat(problem).isPresent();
    assertThat(problem.get())
        .startsWith("spec.cors.allowedOrigins[1]: ")
        .contains(why)
        .doesNotContain("\n");
    if (!why.contains("65535")) {
      assertThat(problem.get()).contains("scheme://host[:port]");
    }
  }

  static Stream<Arguments> badLists() {
    List<String> tooMany = new ArrayList<>(Collections.nCopies(51, "https://a.example.com"));
    return Stream.of(
        Arguments.of(new BucketCors(List.of(), null), "spec.cors.allowedOrigins: list at least"),
        Arguments.of(new BucketCors(null, null), "spec.cors.allowedOrigins: list at least"),
        Arguments.of(new BucketCors(tooMany, null), "spec.cors.allowedOrigins: at most 50"),
        Arguments.of(new BucketCors(List.of("*"), -1), "spec.cors.maxAgeSeconds: must be 0-86400"),
        Arguments.of(
            new BucketCors(List.of("*"), 86_401), "spec.cors.maxAgeSeconds: must be 0-86400"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badLists")
  void listsAndMaxAgeAreChecked(BucketCors cors, String message) {
    assertThat(rules.problem(cors)).hasValueSatisfying(p -> assertThat(p).startsWith(message));
  }
}
