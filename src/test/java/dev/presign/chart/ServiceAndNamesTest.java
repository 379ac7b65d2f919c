package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Service that app pods call, and the names of the objects: with release "presign" the
 * in-cluster URL is http://presign-operator.presign-system.svc/api/v1/uploads/.
 */
class ServiceAndNamesTest {

  private static final ChartRenderer CHART = ChartRenderer.forProject();

  @Test
  void serviceIsPresignOperatorOnPort80ToTheHttpPort() {
    Rendering rendering = CHART.renderDefaults();
    Service service = rendering.one(Service.class);
    Deployment deployment = rendering.one(Deployment.class);

    assertThat(service.getMetadata().getName() + "." + service.getMetadata().getNamespace())
        .as("host of http://presign-operator.presign-system.svc/api/v1/uploads/")
        .isEqualTo("presign-operator.presign-system");
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts()).singleElement();
    ServicePort port = service.getSpec().getPorts().get(0);
    assertThat(port.getPort()).isEqualTo(80);
    assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
    assertThat(port.getProtocol()).isEqualTo("TCP");
    assertThat(DeploymentTest.container(deployment).getPorts())
        .anySatisfy(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(service.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
  }

  @ParameterizedTest(name = "release {0} → {1}")
  @CsvSource({
    "presign, presign-operator",
    "uploads, uploads-presign-operator",
    "presign-operator, presign-operator",
    "my-presign-operator, my-presign-operator",
    "pre, pre-presign-operator",
  })
  void objectNamesFollowTheReleaseName(String release, String expected) {
    Rendering rendering = CHART.render(release, "presign-system", null);

    assertThat(rendering.objects())
        .extracting(HasMetadata::getMetadata)
        .allSatisfy(m -> assertThat(m.getName()).startsWith(expected));
    assertThat(rendering.one(Service.class).getMetadata().getName()).isEqualTo(expected);
    assertThat(rendering.one(Deployment.class).getMetadata().getName()).isEqualTo(expected);
  }

  @Test
  void fullnameOverrideNamesEverything() {
    Rendering rendering = CHART.render("fullnameOverride: uploads-api\n");

    assertThat(rendering.objects())
        .extracting(o -> o.getMetadata().getName())
        .allSatisfy(n -> assertThat(n).startsWith("uploads-api"));
    assertThat(rendering.one(Service.class).getMetadata().getName()).isEqualTo("uploads-api");
  }

  @Test
  void servicePortAndAnnotationsComeFromValues() {
    Service service =
        CHART
            .render("service:\n  port: 8080\n  annotations:\n    team: platform\n")
            .one(Service.class);

    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
    assertThat(service.getMetadata().getAnnotations()).containsEntry("team", "platform");
  }
}
