package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.presign.config.ConfigOption;
import dev.presign.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator's Deployment: replicas, image, settings, probes, resources, hardening. */
class DeploymentTest {

  private static final ChartRenderer CHART = ChartRenderer.forProject();
  private static final String POD = "presign-operator-7d9c-x2x1z";

  @Test
  void twoReplicasOfTheChartsAppVersionRunningTheOperator() throws IOException {
    Deployment deployment = CHART.renderDefaults().one(Deployment.class);
    Container container = container(deployment);

    assertThat(deployment.getMetadata().getName()).isEqualTo("presign-operator");
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("presign-system");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(container.getImage())
        .isEqualTo("presign-operator:" + chartYaml().get("appVersion").asText());
    assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(container.getArgs()).containsExactly("run");
    assertThat(container.getCommand()).as("the image's ENTRYPOINT runs the jar").isNullOrEmpty();
    assertThat(container.getPorts())
        .containsExactly(new ContainerPort(8080, null, null, "http", "TCP"));
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "app.kubernetes.io/name", "presign-operator",
                "app.kubernetes.io/instance", "presign"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void chartMetadataIsVersionZeroOneZero() throws IOException {
    JsonNode chart = chartYaml();

    assertThat(chart.get("apiVersion").asText()).isEqualTo("v2");
    assertThat(chart.get("name").asText()).isEqualTo("presign-operator");
    assertThat(chart.get("version").asText()).isEqualTo("0.1.0");
    assertThat(chart.get("appVersion").asText()).isEqualTo("0.1.0");
  }

  @Test
  void probesUseHealthzAndReadyzOnTheHttpPort() {
    Container container = container(CHART.renderDefaults().one(Deployment.class));
    Probe liveness = container.getLivenessProbe();
    Probe readiness = container.getReadinessProbe();

    assertThat(liveness.getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(liveness.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(readiness.getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(readiness.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(liveness.getInitialDelaySeconds())
        .as("a JVM needs a moment before its first liveness check")
        .isGreaterThan(readiness.getInitialDelaySeconds());
    assertThat(liveness.getFailureThreshold()).isGreaterThan(1);
  }

  @Test
  void requestsCpuAndMemoryLimitsOnlyMemoryAndSizesTheHeapFromTheLimit() {
    Container container = container(CHART.renderDefaults().one(Deployment.class));

    assertThat(container.getResources().getRequests())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("cpu", new Quantity("100m"), "memory", new Quantity("320Mi")));
    assertThat(container.getResources().getLimits())
        .containsExactlyInAnyOrderEntriesOf(Map.of("memory", new Quantity("384Mi")));
    assertThat(env(container).get("JAVA_TOOL_OPTIONS"))
        .contains("-XX:MaxRAMPercentage=50")
        .contains("-XX:+UseSerialGC");
  }

  @Test
  void podAndContainerAreHardenedWithAWritableTmpOnly() {
    PodSpec pod = CHART.renderDefaults().one(Deployment.class).getSpec().getTemplate().getSpec();
    PodSecurityContext podContext = pod.getSecurityContext();
    SecurityContext context = pod.getContainers().get(0).getSecurityContext();

    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getRunAsUser()).isEqualTo(65532L);
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(context.getRunAsNonRoot()).isTrue();
    assertThat(context.getRunAsUser()).isEqualTo(65532L);
    assertThat(context.getReadOnlyRootFilesystem()).isTrue();
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();

    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
            });
    String tmp = pod.getContainers().get(0).getVolumeMounts().get(0).getName();
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getName()).isEqualTo(tmp);
              assertThat(v.getEmptyDir()).isNotNull();
            });
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getServiceAccountName()).isEqualTo("presign-operator");
  }

  @Test
  void replicasPreferDifferentNodes() {
    PodSpec pod = CHART.renderDefaults().one(Deployment.class).getSpec().getTemplate().getSpec();

    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .isNullOrEmpty();
    List<WeightedPodAffinityTerm> preferred =
        pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(preferred).singleElement();
    assertThat(preferred.get(0).getPodAffinityTerm().getTopologyKey())
        .isEqualTo("kubernetes.io/hostname");
    assertThat(preferred.get(0).getPodAffinityTerm().getLabelSelector().getMatchLabels())
        .isEqualTo(
            CHART.renderDefaults().one(Deployment.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void affinityFromValuesReplacesTheDefault() {
    PodSpec pod =
        CHART
            .render(
                """
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                            - {key: node-role, operator: In, values: [system]}
                """)
            .one(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec();

    assertThat(pod.getAffinity().getPodAntiAffinity()).isNull();
    assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
  }

  @Test
  void leaderElectionIsOnWithThePodNameAsIdentityAndTheReleaseNamespace() {
    Container container = container(CHART.renderDefaults().one(Deployment.class));
    Map<String, EnvVar> vars = vars(container);

    assertThat(vars.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(vars.get("PRESIGN_OPERATOR_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(vars.get("PRESIGN_LEADER_ELECTION").getValue()).isEqualTo("true");
    assertThat(env(container))
        .containsEntry("POD_NAME", POD)
        .containsEntry("PRESIGN_OPERATOR_NAMESPACE", "presign-system")
        .containsEntry("PRESIGN_LEASE_NAME", "presign-operator-leader");
  }

  @Test
  void everyOperatorSettingIsSetByTheChart() {
    Container container = container(CHART.renderDefaults().one(Deployment.class));

    assertThat(vars(container).keySet())
        .as("a setting added to OperatorSettings needs a value in the chart")
        .containsAll(OperatorSettings.ALL.stream().map(ConfigOption::env).toList());
  }

  @Test
  void defaultEnvironmentGivesTheOperatorsOwnDefaults() {
    Container container = container(CHART.renderDefaults().one(Deployment.class));

    OperatorSettings settings = OperatorSettings.fromEnvironment(env(container));

    // Every setting but the replica's own name, which the kubelet fills in per pod.
    assertThat(settings.podName()).isEqualTo(POD);
    assertThat(settings)
        .usingRecursiveComparison()
        .ignoringFields("podName")
        .isEqualTo(OperatorSettings.defaults());
    assertThat(settings.credentialsNamespaces()).containsExactly("presign-system");
    assertThat(settings.watchNamespaces()).as("all namespaces").isEmpty();
    assertThat(settings.httpPort()).isEqualTo(8080);
  }

  @Test
  void nonDefaultValuesReachTheOperatorSettings() {
    Deployment deployment = CHART.render(TestValues.NON_DEFAULT).one(Deployment.class);
    Container container = container(deployment);
    Map<String, String> env = env(container);

    OperatorSettings settings = OperatorSettings.fromEnvironment(env);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(container.getImage()).isEqualTo("presign-operator:0.2.0-rc.1");
    assertThat(container.getImagePullPolicy()).isEqualTo("Always");
    assertThat(settings.operatorNamespace()).isEqualTo("presign-system");
    assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(settings.credentialsNamespaces())
        .containsExactlyInAnyOrder("presign-system", "aws-credentials", "shared-secrets");
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.tokenAudience()).isEqualTo("presign");
    assertThat(settings.authCacheTtl()).isEqualTo(Duration.ofSeconds(20));
    assertThat(settings.s3CallTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(settings.classProbeInterval()).isEqualTo(Duration.ofSeconds(600));
    assertThat(settings.issueTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.reconcileThreads()).isEqualTo(4);
    assertThat(env).containsEntry("AWS_REGION", "eu-west-1");
  }

  @Test
  void credentialsNamespacesFollowTheNamespaceTheOperatorRunsIn() {
    Container container =
        container(CHART.render("credentialsNamespaces: [aws-credentials]\n").one(Deployment.class));

    // A kustomize overlay that moves the install keeps reading its own namespace's Secrets.
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(KubeletEnv.resolve(container, POD, "uploads-prod"));

    assertThat(settings.operatorNamespace()).isEqualTo("uploads-prod");
    assertThat(settings.credentialsNamespaces())
        .isEqualTo(Set.of("uploads-prod", "aws-credentials"));
  }

  @Test
  void leaderElectionCanBeTurnedOffAndTheLeaseRenamed() {
    Map<String, String> env =
        env(
            container(
                CHART
                    .render(
                        "replicaCount: 1\nleaderElection:\n  enabled: false\n  leaseName: my-lease\n")
                    .one(Deployment.class)));

    OperatorSettings settings = OperatorSettings.fromEnvironment(env);

    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.leaseName()).isEqualTo("my-lease");
  }

  @Test
  void aDigestPinsTheImage() {
    String digest = "sha256:" + "ab".repeat(32);
    Container container =
        container(CHART.render("image:\n  digest: " + digest + "\n").one(Deployment.class));

    assertThat(container.getImage()).isEqualTo("presign-operator@" + digest);
  }

  static Container container(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static Map<String, EnvVar> vars(Container container) {
    Map<String, EnvVar> vars = new java.util.LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      assertThat(vars.put(var.getName(), var)).as("%s is set twice", var.getName()).isNull();
    }
    return vars;
  }

  private static Map<String, String> env(Container container) {
    vars(container);
    return KubeletEnv.resolve(container, POD, "presign-system");
  }

  private static JsonNode chartYaml() throws IOException {
    return new ObjectMapper(new YAMLFactory())
        .readTree(ChartFiles.chartDir().resolve("Chart.yaml").toFile());
  }
}
