package dev.presign.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorSettingsTest {
  @Test
  void defaultsSuitASingleNamespaceInstall() {
    OperatorSettings settings = OperatorSettings.defaults();
    assertThat(settings.operatorNamespace()).isEqualTo("presign-system");
    assertThat(settings.watchNamespaces()).isEmpty();
    assertThat(settings.credentialsNamespaces()).containsExactly("presign-system");
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.authCacheTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.maxOutstandingPerNamespace()).isEqualTo(1000);
    assertThat(settings.requestsPerSecondPerNamespace()).isEqualTo(50);
    assertThat(settings.requestBurstPerNamespace()).isEqualTo(100);
  }

  @Test
  void zeroSwitchesTheAbuseLimitsOff() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE",
                "0",
                "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE",
                "0"));
    assertThat(settings.maxOutstandingPerNamespace()).isZero();
    assertThat(settings.requestsPerSecondPerNamespace()).isZero();
  }

  @Test
  void environmentOverridesDefaults() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "PRESIGN_OPERATOR_NAMESPACE",
                "ops",
                "PRESIGN_WATCH_NAMESPACES",
                " team-a, team-b ,",
                "PRESIGN_CREDENTIALS_NAMESPACES",
                "vault",
                "PRESIGN_LEADER_ELECTION",
                "false",
                "PRESIGN_HTTP_PORT",
                "9090"));
    assertThat(settings.operatorNamespace()).isEqualTo("ops");
    assertThat(settings.watchNamespaces()).isEqualTo(Set.of("team-a", "team-b"));
    assertThat(settings.credentialsNamespaces()).isEqualTo(Set.of("vault"));
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.httpPort()).isEqualTo(9090);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "PRESIGN_HTTP_PORT, 70000, must be a port",
    "PRESIGN_HTTP_PORT, http, PRESIGN_HTTP_PORT",
    "PRESIGN_LEADER_ELECTION, maybe, must be true or false",
    "PRESIGN_WATCH_NAMESPACES, Team_A, is not a namespace name",
    "PRESIGN_AUTH_CACHE_SECONDS, 0, at least 1",
    "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE, -1, 0 (unlimited)",
    "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE, lots, must be a whole number",
    "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE, 2.5, must be a whole number",
    "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE, 99999999999, must be a whole number",
    "PRESIGN_REQUEST_BURST_PER_NAMESPACE, 0, at least 1",
    "PRESIGN_REQUEST_BURST_PER_NAMESPACE, many, must be a whole number of at least 1",
  })
  void badValuesNameTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable)
        .hasMessageContaining(message);
  }

  @Test
  void everyOptionIsDocumentedWithItsDefault() throws Exception {
    String doc = Files.readString(Path.of("docs/configuration.md"));
    for (ConfigOption<?> option : OperatorSettings.ALL) {
      String defaultShown = option.defaultValue().isEmpty() ? "(empty)" : option.defaultValue();
      assertThat(doc)
          .as("docs/configuration.md row for " + option.env())
          .contains("| `" + option.env() + "` | `" + defaultShown + "` |");
    }
  }
}
