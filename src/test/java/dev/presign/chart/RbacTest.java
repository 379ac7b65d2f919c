package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator gets exactly the permissions it needs (docs/install.md explains each rule): every
 * rule is compared as a whole, and no wildcard appears anywhere.
 */
class RbacTest {

  /** One rule, order-insensitive: api groups, resources and verbs as sorted sets. */
  record Rule(Set<String> apiGroups, Set<String> resources, Set<String> verbs) {
    static Rule of(String apiGroup, String resource, String... verbs) {
      return new Rule(Set.of(apiGroup), Set.of(resource), new TreeSet<>(List.of(verbs)));
    }

    static Rule from(PolicyRule rule) {
      assertThat(rule.getResourceNames()).as("resourceNames of %s", rule).isNullOrEmpty();
      assertThat(rule.getNonResourceURLs()).as("nonResourceURLs of %s", rule).isNullOrEmpty();
      return new Rule(
          new TreeSet<>(rule.getApiGroups()),
          new TreeSet<>(rule.getResources()),
          new TreeSet<>(rule.getVerbs()));
    }
  }

  static final List<Rule> CLUSTER_RULES =
      List.of(
          Rule.of(
              "uploads.presign.dev", "uploadrequests", "get", "list", "watch", "create", "delete"),
          Rule.of("uploads.presign.dev", "uploadrequests/status", "get", "patch", "update"),
          Rule.of("uploads.presign.dev", "uploadclasses", "get", "list", "watch"),
          Rule.of("uploads.presign.dev", "uploadclasses/status", "get", "patch", "update"),
          Rule.of("", "events", "create", "patch"),
          Rule.of("", "namespaces", "get"),
          // Signed forms delivered in Secrets (UploadClass formDelivery: Secret).
          Rule.of("", "secrets", "get", "create", "delete"),
          Rule.of("authentication.k8s.io", "tokenreviews", "create"),
          Rule.of("authorization.k8s.io", "subjectaccessreviews", "create"));

  static final List<Rule> RELEASE_NAMESPACE_RULES =
      List.of(
          Rule.of("", "secrets", "get", "list", "watch"),
          Rule.of("coordination.k8s.io", "leases", "get", "create", "update", "patch"));

  static final List<Rule> CREDENTIALS_NAMESPACE_RULES =
      List.of(Rule.of("", "secrets", "get", "list", "watch"));

  private static final ChartRenderer CHART = ChartRenderer.forProject();

  @Test
  void clusterRoleHasExactlyTheOperatorsClusterWideRules() {
    ClusterRole role = CHART.renderDefaults().one(ClusterRole.class);

    assertThat(role.getMetadata().getName()).isEqualTo("presign-operator");
    assertThat(role.getAggregationRule()).isNull();
    assertThat(rules(role.getRules())).containsExactlyInAnyOrderElementsOf(CLUSTER_RULES);
  }

  @Test
  void releaseNamespaceRoleGrantsSecretsAndLeasesOnly() {
    Role role = CHART.renderDefaults().one(Role.class);

    assertThat(role.getMetadata().getNamespace()).isEqualTo("presign-system");
    assertThat(rules(role.getRules())).containsExactlyInAnyOrderElementsOf(RELEASE_NAMESPACE_RULES);
  }

  @Test
  void defaultsRenderNoOtherRbacObjects() {
    Rendering rendering = CHART.renderDefaults();

    assertThat(rendering.all(ClusterRole.class)).hasSize(1);
    assertThat(rendering.all(ClusterRoleBinding.class)).hasSize(1);
    assertThat(rendering.all(Role.class)).hasSize(1);
    assertThat(rendering.all(RoleBinding.class)).hasSize(1);
  }

  @Test
  void bindingsGiveTheRolesToTheOperatorServiceAccount() {
    Rendering rendering = CHART.renderDefaults();
    ServiceAccount account = rendering.one(ServiceAccount.class);
    Subject operator = new Subject(null, "ServiceAccount", "presign-operator", "presign-system");

    assertThat(account.getMetadata().getName()).isEqualTo(operator.getName());
    assertThat(account.getMetadata().getNamespace()).isEqualTo(operator.getNamespace());
    ClusterRoleBinding clusterBinding = rendering.one(ClusterRoleBinding.class);
    assertThat(clusterBinding.getSubjects()).containsExactly(operator);
    assertThat(clusterBinding.getRoleRef())
        .isEqualTo(new RoleRef("rbac.authorization.k8s.io", "ClusterRole", "presign-operator"));
    RoleBinding binding = rendering.one(RoleBinding.class);
    assertThat(binding.getMetadata().getNamespace()).isEqualTo("presign-system");
    assertThat(binding.getSubjects()).containsExactly(operator);
    assertThat(binding.getRoleRef())
        .isEqualTo(new RoleRef("rbac.authorization.k8s.io", "Role", "presign-operator"));
  }

  @Test
  void eachExtraCredentialsNamespaceGetsASecretsOnlyRoleAndBinding() {
    Rendering rendering = CHART.render(TestValues.NON_DEFAULT);
    Subject operator = new Subject(null, "ServiceAccount", "presign-operator", "presign-system");

    // credentialsNamespaces: [aws-credentials, presign-system, shared-secrets, aws-credentials]
    // → the release namespace once, and one Role per other namespace.
    assertThat(rendering.all(Role.class))
        .extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "presign-system/presign-operator",
            "aws-credentials/presign-operator-credentials",
            "shared-secrets/presign-operator-credentials");
    for (Role role : rendering.all(Role.class)) {
      List<Rule> expected =
          role.getMetadata().getNamespace().equals("presign-system")
              ? RELEASE_NAMESPACE_RULES
              : CREDENTIALS_NAMESPACE_RULES;
      assertThat(rules(role.getRules()))
          .as("rules of Role %s", role.getMetadata().getNamespace())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(rendering.all(RoleBinding.class))
        .hasSize(3)
        .allSatisfy(
            b -> {
              assertThat(b.getSubjects()).containsExactly(operator);
              assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
              assertThat(rendering.all(Role.class))
                  .anySatisfy(
                      r -> {
                        assertThat(r.getMetadata().getNamespace())
                            .isEqualTo(b.getMetadata().getNamespace());
                        assertThat(r.getMetadata().getName()).isEqualTo(b.getRoleRef().getName());
                      });
            });
    assertThat(rules(rendering.one(ClusterRole.class).getRules()))
        .containsExactlyInAnyOrderElementsOf(CLUSTER_RULES);
  }

  @Test
  void noWildcardInAnyRuleWithDefaultOrNonDefaultValues() {
    for (Rendering rendering :
        List.of(CHART.renderDefaults(), CHART.render(TestValues.NON_DEFAULT))) {
      List<PolicyRule> all = new ArrayList<>();
      rendering.all(ClusterRole.class).forEach(r -> all.addAll(r.getRules()));
      rendering.all(Role.class).forEach(r -> all.addAll(r.getRules()));

      assertThat(all).isNotEmpty();
      assertThat(all)
          .flatExtracting(
              r ->
                  Stream.of(r.getApiGroups(), r.getResources(), r.getVerbs())
                      .flatMap(List::stream)
                      .toList())
          .noneMatch(s -> s.contains("*"));
    }
  }

  @Test
  void serviceAccountCarriesTheIrsaAnnotation() {
    ServiceAccount defaults = CHART.renderDefaults().one(ServiceAccount.class);
    ServiceAccount irsa = CHART.render(TestValues.NON_DEFAULT).one(ServiceAccount.class);

    assertThat(defaults.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(irsa.getMetadata().getAnnotations())
        .containsExactly(
            Map.entry(
                "eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/presign-operator"));
  }

  @Test
  void anExistingServiceAccountIsBoundInsteadOfACreatedOne() {
    Rendering rendering =
        CHART.render("serviceAccount:\n  create: false\n  name: platform-operators\n");

    assertThat(rendering.all(ServiceAccount.class)).isEmpty();
    Stream.concat(
            rendering.all(ClusterRoleBinding.class).stream().flatMap(b -> b.getSubjects().stream()),
            rendering.all(RoleBinding.class).stream().flatMap(b -> b.getSubjects().stream()))
        .forEach(s -> assertThat(s.getName()).isEqualTo("platform-operators"));
    assertThat(
            rendering
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("platform-operators");
  }

  private static List<Rule> rules(List<PolicyRule> rules) {
    return rules.stream().map(Rule::from).toList();
  }
}
