package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** helm lint, the values schema, and NOTES.txt. */
class ChartLintTest {

  private static final ChartRenderer CHART = ChartRenderer.forProject();

  @Test
  void lintPassesInStrictMode() {
    LintResult lint = CHART.lint();

    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void nonDefaultValuesRenderAndMatchTheSchema() {
    assertThat(CHART.render(TestValues.NON_DEFAULT).objects()).hasSizeGreaterThan(10);
  }

  @Test
  void schemaRejectsAMisspelledKey() {
    assertThatThrownBy(() -> CHART.render("replicas: 3\n")).hasMessageContaining("replicas");
  }

  @Test
  void schemaRejectsANamespaceThatIsNotOne() {
    assertThatThrownBy(() -> CHART.render("watchNamespaces: [Team_A]\n"))
        .hasMessageContaining("watchNamespaces");
  }

  @Test
  void templatesReadNoCapabilitiesSoTheRenderingIsTheSameOnEveryKubernetesVersion()
      throws IOException {
    try (Stream<Path> files = Files.list(ChartFiles.chartDir().resolve("templates"))) {
      List<Path> templates = files.toList();
      assertThat(templates).isNotEmpty();
      for (Path template : templates) {
        assertThat(Files.readString(template))
            .as("%s (operator/ is rendered for one version only)", template.getFileName())
            .doesNotContain(".Capabilities")
            .doesNotContain("lookup ");
      }
    }
  }

  @Test
  void notesShowHowToCallTheApiAndCreateAnUploadRequest() {
    String notes = CHART.notes(null);

    assertThat(notes)
        .contains("http://presign-operator.presign-system.svc/api/v1/uploads/")
        .contains("audience\n   \"presign-operator\"")
        .contains("serviceAccountToken: {audience: presign-operator, expirationSeconds: 3600")
        .contains("TOKEN=$(cat /var/run/secrets/presign/token)")
        .doesNotContain("/var/run/secrets/kubernetes.io/serviceaccount/token")
        .contains("Authorization: Bearer $TOKEN")
        .contains("{\"original_file_name\": \"lorem-ipsum.pdf\", \"file_size\": \"77000\"}")
        .contains("kind: UploadRequest")
        .contains("kubectl -n my-app get upreq lorem-ipsum");
  }

  @Test
  void notesWithoutAnAudienceSayTheDefaultTokenIsLessSafe() {
    String notes = CHART.notes("tokenAudience: \"\"\n");

    assertThat(notes)
        .contains("TOKEN=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)")
        .contains("which is less safe");
  }

  @Test
  void notesFollowTheValues() {
    String notes = CHART.notes(TestValues.NON_DEFAULT + "service:\n  port: 8080\n");

    assertThat(notes)
        .contains("http://presign-operator.presign-system.svc:8080/api/v1/uploads/")
        .contains("token for audience\n   \"presign\" (tokenAudience)")
        .contains("Only UploadRequests in team-a, team-b are reconciled")
        .contains("default (default)");
  }
}
