package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.testing.OperatorFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every metric the chart's dashboard and alerts name is one the operator exports: read from a real
 * {@code /metrics} of the operator as {@code PresignOperator} wires it ({@code UploadMetrics}, the
 * HTTP timer, the HeadObject backlog, the JVM binders). Renaming a metric without the dashboard and
 * the alerts fails here, instead of leaving empty panels and alerts that never fire.
 */
class MonitoringMetricNamesIT {
  @Test
  void everyMetricTheDashboardAndAlertsNameIsExported() throws Exception {
    List<String> expressions = MonitoringObjects.render(MonitoringObjects.VALUES).expressions();
    Set<String> used = MonitoringObjects.metricNames(expressions);
    assertThat(used)
        .as("metric names found in " + expressions)
        .contains(
            "presign_http_requests_seconds_count",
            "presign_uploads_total",
            "presign_signing_seconds_count",
            "presign_head_object_backlog");

    Set<String> exported = new TreeSet<>();
    try (OperatorFixture fixture = OperatorFixture.start()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      // One request first, so the HTTP timer has a series to show.
      http.send(
          HttpRequest.newBuilder(URI.create(fixture.apiUrl() + "/healthz")).build(),
          HttpResponse.BodyHandlers.discarding());
      String scrape =
          http.send(
                  HttpRequest.newBuilder(URI.create(fixture.apiUrl() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      scrape
          .lines()
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .map(line -> line.split("[{ ]", 2)[0])
          .forEach(exported::add);
    }
    assertThat(exported).as("exported metrics").containsAll(used);
  }
}
