package dev.presign.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart's optional monitoring objects as rendered (the Grafana dashboard's ConfigMap and the
 * PrometheusRule), and the PromQL they hold.
 */
final class MonitoringObjects {
  static final String VALUES =
      """
      metrics:
        grafanaDashboard:
          enabled: true
        prometheusRule:
          enabled: true
      """;

  /** The project's metric names in PromQL (label names and functions do not start so). */
  private static final Pattern METRIC = Pattern.compile("\\b(?:presign|jvm|process)_[a-z0-9_]+");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Rendering rendering;

  MonitoringObjects(Rendering rendering) {
    this.rendering = rendering;
  }

  static MonitoringObjects render(String values) {
    return new MonitoringObjects(ChartRenderer.forProject().render(values));
  }

  ConfigMap dashboardConfigMap() {
    return rendering.one(ConfigMap.class);
  }

  JsonNode dashboard() {
    try {
      return JSON.readTree(dashboardConfigMap().getData().get("presign-operator.json"));
    } catch (Exception e) {
      throw new AssertionError("the dashboard is not JSON", e);
    }
  }

  GenericKubernetesResource prometheusRule() {
    List<HasMetadata> rules = rendering.ofKind("PrometheusRule");
    if (rules.size() != 1) {
      throw new AssertionError("expected one PrometheusRule, got " + rules.size());
    }
    return (GenericKubernetesResource) rules.get(0);
  }

  List<Map<String, Object>> alerts() {
    List<Map<String, Object>> groups = prometheusRule().get("spec", "groups");
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (Map<String, Object> group : groups) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
      alerts.addAll(rules);
    }
    return alerts;
  }

  /** Every PromQL expression: the alerts', the dashboard panels' and its variables' queries. */
  List<String> expressions() {
    List<String> expressions = new ArrayList<>();
    alerts().forEach(alert -> expressions.add((String) alert.get("expr")));
    dashboard()
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    dashboard()
        .path("templating")
        .path("list")
        .forEach(
            v -> {
              if (v.path("query").has("query")) {
                expressions.add(v.path("query").path("query").asText());
              }
            });
    return expressions;
  }

  static Set<String> metricNames(List<String> expressions) {
    Set<String> names = new LinkedHashSet<>();
    for (String expression : expressions) {
      Matcher m = METRIC.matcher(expression);
      while (m.find()) {
        names.add(m.group());
      }
    }
    return names;
  }
}
