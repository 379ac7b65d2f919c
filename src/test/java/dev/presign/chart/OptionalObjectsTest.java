package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PodDisruptionBudget (on with more than one replica), ServiceMonitor and NetworkPolicy (off); the
 * created-by ValidatingAdmissionPolicy (on) has its own test, {@link CreatedByPolicyTest}, and so
 * do the aggregated ClusterRoles (on), {@link RbacTest}.
 */
class OptionalObjectsTest {

  private static final ChartRenderer CHART = ChartRenderer.forProject();

  @Test
  void defaultsRenderExactlyTheCoreObjects() {
    assertThat(CHART.renderDefaults().objects())
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            // <fullname>-uploads-view and -uploads-edit (rbac.aggregateClusterRoles, on)
            "ClusterRole",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment",
            "PodDisruptionBudget",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding");
  }

  @Test
  void twoReplicasGetABudgetThatKeepsOneServing() {
    Rendering rendering = CHART.renderDefaults();
    PodDisruptionBudget budget = rendering.one(PodDisruptionBudget.class);

    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getMinAvailable()).isNull();
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(rendering.one(Deployment.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void oneReplicaGetsNoBudgetSinceItWouldBlockDrains() {
    assertThat(CHART.render("replicaCount: 1\n").all(PodDisruptionBudget.class)).isEmpty();
    assertThat(
            CHART.render("podDisruptionBudget:\n  enabled: false\n").all(PodDisruptionBudget.class))
        .isEmpty();
  }

  @Test
  void serviceMonitorScrapesMetricsOfTheService() {
    Rendering rendering = CHART.render(TestValues.NON_DEFAULT);
    List<HasMetadata> monitors = rendering.ofKind("ServiceMonitor");

    assertThat(monitors).singleElement().isInstanceOf(GenericKubernetesResource.class);
    GenericKubernetesResource monitor = (GenericKubernetesResource) monitors.get(0);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo("presign-system");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, Object> endpoint =
        monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
    assertThat(endpoint)
        .containsEntry("port", "http")
        .containsEntry("path", "/metrics")
        .containsEntry("interval", "15s");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    assertThat(rendering.one(Service.class).getMetadata().getLabels())
        .containsAllEntriesOf(selector);
    assertThat(rendering.one(Service.class).getSpec().getPorts())
        .anySatisfy(p -> assertThat(p.getName()).isEqualTo("http"));
  }

  @Test
  void networkPolicyAdmitsSelectedNamespacesToPort8080AndLeavesEgressOpen() {
    Rendering rendering = CHART.render(TestValues.NON_DEFAULT);
    NetworkPolicy policy = rendering.one(NetworkPolicy.class);

    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(rendering.one(Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
    assertThat(policy.getSpec().getIngress()).singleElement();
    NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
    assertThat(rule.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort().getIntVal()).isEqualTo(8080);
              assertThat(p.getProtocol()).isEqualTo("TCP");
            });
    assertThat(rule.getFrom())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getPodSelector()).isNull();
              assertThat(peer.getIpBlock()).isNull();
              assertThat(peer.getNamespaceSelector().getMatchLabels())
                  .isEqualTo(Map.of("uploads.presign.dev/client", "true"));
              assertThat(peer.getNamespaceSelector().getMatchExpressions()).isEmpty();
            });
  }

  @Test
  void networkPolicyWithDefaultSelectorAdmitsEveryNamespaceAndTakesExtraRules() {
    NetworkPolicy policy =
        CHART
            .render(
                """
                networkPolicy:
                  enabled: true
                  extraIngress:
                    - from:
                        - ipBlock: {cidr: 10.0.0.0/8}
                      ports:
                        - {port: 8080, protocol: TCP}
                """)
            .one(NetworkPolicy.class);

    assertThat(policy.getSpec().getIngress()).hasSize(2);
    LabelSelector everyNamespace =
        policy.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector();
    assertThat(everyNamespace).as("{} selects every namespace").isNotNull();
    assertThat(everyNamespace.getMatchLabels()).isNullOrEmpty();
    assertThat(everyNamespace.getMatchExpressions()).isNullOrEmpty();
    assertThat(policy.getSpec().getIngress().get(1).getFrom().get(0).getIpBlock().getCidr())
        .isEqualTo("10.0.0.0/8");
  }
}
