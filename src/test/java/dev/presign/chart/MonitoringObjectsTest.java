package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the PrometheusRule: off by default, and when on, objects the Grafana
 * sidecar and the Prometheus Operator take, holding the alerts docs/operations.md lists. That every
 * metric they name is one the operator exports is checked against a real scrape, in {@code
 * MonitoringMetricNamesIT}.
 */
class MonitoringObjectsTest {
  private static final ChartRenderer CHART = ChartRenderer.forProject();

  @Test
  void offByDefault() {
    Rendering defaults = CHART.renderDefaults();
    assertThat(defaults.all(ConfigMap.class)).isEmpty();
    assertThat(defaults.ofKind("PrometheusRule")).isEmpty();
  }

  @Test
  void theSchemaRefusesAMisspelledKeyAndANonBoolean() {
    assertThatThrownBy(() -> CHART.render("metrics:\n  prometheusRules:\n    enabled: true\n"))
        .hasMessageContaining("prometheusRules");
    assertThatThrownBy(() -> CHART.render("metrics:\n  grafanaDashboard:\n    enabled: \"yes\"\n"))
        .hasMessageContaining("enabled");
  }

  @Test
  void theDashboardIsAConfigMapTheGrafanaSidecarLoads() {
    MonitoringObjects on = MonitoringObjects.render(MonitoringObjects.VALUES);
    ConfigMap map = on.dashboardConfigMap();

    assertThat(map.getMetadata().getName()).isEqualTo("presign-operator-dashboard");
    assertThat(map.getMetadata().getNamespace()).isEqualTo("presign-system");
    assertThat(map.getMetadata().getLabels())
        .containsEntry("grafana_dashboard", "1")
        .containsEntry("app.kubernetes.io/name", "presign-operator");
    assertThat(map.getData()).containsOnlyKeys("presign-operator.json");
  }

  @Test
  void theDashboardParsesAndEveryPanelQueriesTheChosenDataSourceAndNamespace() {
    JsonNode dashboard = MonitoringObjects.render(MonitoringObjects.VALUES).dashboard();

    assertThat(dashboard.path("uid").asText()).isEqualTo("presign-operator");
    assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(10);
    List<Integer> ids = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(
            panel -> {
              ids.add(panel.path("id").asInt());
              assertThat(panel.path("datasource").path("uid").asText())
                  .as(panel.path("title").asText())
                  .isEqualTo("${datasource}");
              assertThat(panel.path("targets").size())
                  .as(panel.path("title").asText())
                  .isPositive();
              panel
                  .path("targets")
                  .forEach(
                      target ->
                          assertThat(target.path("expr").asText())
                              .as(panel.path("title").asText())
                              .contains("namespace=~\"$namespace\""));
            });
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void theDashboardGoesWhereGrafanaLooksWithTheGivenFolder() {
    ConfigMap map = MonitoringObjects.render(TestValues.NON_DEFAULT).dashboardConfigMap();

    assertThat(map.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(map.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Uploads");
  }

  @Test
  void thePrometheusRuleHoldsTheAlertsOfTheOperationsGuideForThisNamespace() throws Exception {
    MonitoringObjects on = MonitoringObjects.render(TestValues.NON_DEFAULT);
    GenericKubernetesResource rule = on.prometheusRule();

    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getMetadata().getNamespace()).isEqualTo("presign-system");
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");

    Map<String, Map<String, Object>> documented = documentedAlerts();
    assertThat(documented).hasSize(5);
    Map<String, Map<String, Object>> rendered = new LinkedHashMap<>();
    on.alerts().forEach(alert -> rendered.put((String) alert.get("alert"), alert));
    assertThat(rendered.keySet()).containsExactlyElementsOf(documented.keySet());
    rendered.forEach(
        (name, alert) -> {
          Map<String, Object> doc = documented.get(name);
          String expr = (String) alert.get("expr");
          assertThat(expr).as(name).contains("namespace=\"presign-system\"");
          // The same expression as documented, but for this release's namespace.
          assertThat(
                  expr.replace("{namespace=\"presign-system\"}", "")
                      .replace("namespace=\"presign-system\",", ""))
              .as(name)
              .isEqualTo(doc.get("expr"));
          assertThat(alert.get("for")).as(name).isEqualTo(doc.get("for"));
          assertThat(alert.get("annotations")).as(name).isEqualTo(doc.get("annotations"));
          assertThat(alert.get("labels")).as(name).isEqualTo(Map.of("severity", "warning"));
        });
  }

  /** The alerts in docs/operations.md's YAML block, by name. */
  private static Map<String, Map<String, Object>> documentedAlerts() throws IOException {
    String doc = Files.readString(Path.of("docs/operations.md"), StandardCharsets.UTF_8);
    int section = doc.indexOf("## Suggested alerts");
    int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));
    Map<String, Object> parsed =
        new ObjectMapper(new YAMLFactory()).readValue(yaml, new TypeReference<>() {});
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> groups = (List<Map<String, Object>>) parsed.get("groups");
    Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
    for (Map<String, Object> group : groups) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
      rules.forEach(r -> alerts.put((String) r.get("alert"), r));
    }
    return alerts;
  }
}
