package dev.presign.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SameOriginGuardTest {
  private final SameOriginGuard guard = new SameOriginGuard(8081);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("the page's own fetch", "127.0.0.1:8081", "same-origin", null),
        Arguments.of("a URL the user typed", "127.0.0.1:8081", "none", null),
        Arguments.of("curl (no Sec-Fetch-Site)", "127.0.0.1:8081", null, null),
        Arguments.of("localhost", "localhost:8081", "same-origin", null),
        Arguments.of("host in capitals", "LOCALHOST:8081", "same-origin", null),
        Arguments.of("another site's image tag", "127.0.0.1:8081", "cross-site", "cross-site"),
        Arguments.of("a sibling port", "127.0.0.1:8081", "same-site", "same-site"),
        Arguments.of("DNS rebinding", "evil.example:8081", "same-origin", "127.0.0.1:8081"),
        Arguments.of("another port", "127.0.0.1:8080", null, "127.0.0.1:8081"),
        Arguments.of("no Host", null, null, "127.0.0.1:8081"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersOnlyItsOwnPage(String name, String host, String fetchSite, String refusalNames) {
    String refusal = guard.refusal(host, fetchSite);
    if (refusalNames == null) {
      assertThat(refusal).isNull();
    } else {
      assertThat(refusal).contains(refusalNames);
    }
  }
}
