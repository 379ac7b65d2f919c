package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator gets exactly the permissions it needs (docs/install.md explains each rule), and the
 * people who use uploads get aggregated view and edit roles that never reach status, class writes
 * or wildcards. Every rule of every rendered Role and ClusterRole is compared as a whole.
 */
class RbacTest {

  /** One rule, order-insensitive: api groups, resources, verbs and resource names as sets. */
  record Rule(
      Set<String> apiGroups, Set<String> resources, Set<String> verbs, Set<String> resourceNames) {
    static Rule of(String apiGroup, String resource, String... verbs) {
      return new Rule(Set.of(apiGroup), Set.of(resource), new TreeSet<>(List.of(verbs)), Set.of());
    }

    static Rule of(String apiGroup, List<String> resources, String... verbs) {
      return new Rule(
          Set.of(apiGroup), new TreeSet<>(resources), new TreeSet<>(List.of(verbs)), Set.of());
    }

    Rule onlyNamed(String... names) {
      return new Rule(apiGroups, resources, verbs, new TreeSet<>(List.of(names)));
    }

    static Rule from(PolicyRule rule) {
      assertThat(rule.getNonResourceURLs()).as("nonResourceURLs of %s", rule).isNullOrEmpty();
      return new Rule(
          new TreeSet<>(rule.getApiGroups()),
          new TreeSet<>(rule.getResources()),
          new TreeSet<>(rule.getVerbs()),
          rule.getResourceNames() == null ? Set.of() : new TreeSet<>(rule.getResourceNames()));
    }
  }

  static final String GROUP = "uploads.presign.dev";

  /**
   * What the operator needs where it handles UploadRequests: in the ClusterRole by default, in a
   * Role per watched namespace with watchNamespaces.
   */
  static final List<Rule> WATCHED_NAMESPACE_RULES =
      List.of(
          Rule.of(GROUP, "uploadrequests", "get", "list", "watch", "create", "delete", "patch"),
          Rule.of(GROUP, "uploadrequests/status", "get", "patch", "update"),
          Rule.of("", "events", "create", "patch"));

  static final Rule NAMESPACES_GET = Rule.of("", "namespaces", "get");

  /** What must be cluster-wide in either mode (namespaces get is narrowed separately). */
  static final List<Rule> CLUSTER_ONLY_RULES =
      List.of(
          Rule.of(GROUP, "uploadclasses", "get", "list", "watch"),
          Rule.of(GROUP, "uploadclasses/status", "get", "patch", "update"),
          Rule.of("authentication.k8s.io", "tokenreviews", "create"),
          Rule.of("authorization.k8s.io", "subjectaccessreviews", "create"));

  static final List<Rule> CLUSTER_RULES =
      Stream.of(WATCHED_NAMESPACE_RULES, CLUSTER_ONLY_RULES, List.of(NAMESPACES_GET))
          .flatMap(List::stream)
          .toList();

  static final List<Rule> RELEASE_NAMESPACE_RULES =
      List.of(
          Rule.of("", "secrets", "get", "list", "watch"),
          Rule.of("coordination.k8s.io", "leases", "get", "create", "update", "patch"));

  static final List<Rule> CREDENTIALS_NAMESPACE_RULES =
      List.of(Rule.of("", "secrets", "get", "list", "watch"));

  static final List<Rule> CLASS_EVENT_RULES = List.of(Rule.of("", "events", "create", "patch"));

  static final List<Rule> UPLOADS_VIEW_RULES =
      List.of(Rule.of(GROUP, List.of("uploadrequests", "uploadclasses"), "get", "list", "watch"));

  static final List<Rule> UPLOADS_EDIT_RULES =
      List.of(
          Rule.of(
              GROUP,
              "uploadrequests",
              "get",
              "list",
              "watch",
              "create",
              "delete",
              "deletecollection",
              "patch",
              "update"),
          Rule.of(GROUP, "uploadclasses", "get", "list", "watch"));

  static final String AGGREGATE_TO = "rbac.authorization.k8s.io/aggregate-to-";

  /** The verbs the HTTP API asks a SubjectAccessReview about (CallerAccess, UploadHandlers). */
  static final Set<String> HTTP_API_VERBS = Set.of("create", "get", "delete");

  static final Subject OPERATOR =
      new Subject(null, "ServiceAccount", "presign-operator", "presign-system");

  private static final ChartRenderer CHART = ChartRenderer.forProject();

  @Test
  void clusterRoleHasExactlyTheOperatorsClusterWideRules() {
    ClusterRole role = operatorClusterRole(CHART.renderDefaults());

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

    assertThat(rendering.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "presign-operator", "presign-operator-uploads-view", "presign-operator-uploads-edit");
    assertThat(rendering.all(ClusterRoleBinding.class)).hasSize(1);
    assertThat(rendering.all(Role.class)).hasSize(1);
    assertThat(rendering.all(RoleBinding.class)).hasSize(1);
  }

  @Test
  void bindingsGiveTheRolesToTheOperatorServiceAccount() {
    Rendering rendering = CHART.renderDefaults();
    ServiceAccount account = rendering.one(ServiceAccount.class);

    assertThat(account.getMetadata().getName()).isEqualTo(OPERATOR.getName());
    assertThat(account.getMetadata().getNamespace()).isEqualTo(OPERATOR.getNamespace());
    ClusterRoleBinding clusterBinding = rendering.one(ClusterRoleBinding.class);
    assertThat(clusterBinding.getSubjects()).containsExactly(OPERATOR);
    assertThat(clusterBinding.getRoleRef())
        .isEqualTo(new RoleRef("rbac.authorization.k8s.io", "ClusterRole", "presign-operator"));
    RoleBinding binding = rendering.one(RoleBinding.class);
    assertThat(binding.getMetadata().getNamespace()).isEqualTo("presign-system");
    assertThat(binding.getSubjects()).containsExactly(OPERATOR);
    assertThat(binding.getRoleRef())
        .isEqualTo(new RoleRef("rbac.authorization.k8s.io", "Role", "presign-operator"));
  }

  @Test
  void everyNamespacedRoleHasExactRulesAndABindingToTheOperator() {
    // credentialsNamespaces: [aws-credentials, presign-system, shared-secrets, aws-credentials]
    // → the release namespace once, and one Role per other namespace; watchNamespaces:
    // [team-a, team-b] → a Role in each, and one for UploadClass Events in "default".
    Rendering rendering = CHART.render(TestValues.NON_DEFAULT);

    assertThat(roleRules(rendering))
        .containsOnlyKeys(
            "presign-system/presign-operator",
            "aws-credentials/presign-operator-credentials",
            "shared-secrets/presign-operator-credentials",
            "team-a/presign-operator-watch",
            "team-b/presign-operator-watch",
            "default/presign-operator-class-events")
        .containsEntry("presign-system/presign-operator", Set.copyOf(RELEASE_NAMESPACE_RULES))
        .containsEntry(
            "aws-credentials/presign-operator-credentials", Set.copyOf(CREDENTIALS_NAMESPACE_RULES))
        .containsEntry(
            "shared-secrets/presign-operator-credentials", Set.copyOf(CREDENTIALS_NAMESPACE_RULES))
        .containsEntry("team-a/presign-operator-watch", Set.copyOf(WATCHED_NAMESPACE_RULES))
        .containsEntry("team-b/presign-operator-watch", Set.copyOf(WATCHED_NAMESPACE_RULES))
        .containsEntry("default/presign-operator-class-events", Set.copyOf(CLASS_EVENT_RULES));
    assertEachRoleBoundToTheOperator(rendering);
  }

  @Test
  void withWatchNamespacesTheClusterRoleKeepsOnlyWhatMustBeClusterWide() {
    ClusterRole role = operatorClusterRole(CHART.render(TestValues.NON_DEFAULT));

    // UploadRequests, their status and Events are in the watched namespaces' Roles (above);
    // Namespaces only by name: the operator reads the labels of watched namespaces only.
    List<Rule> expected = new ArrayList<>(CLUSTER_ONLY_RULES);
    expected.add(NAMESPACES_GET.onlyNamed("team-a", "team-b"));
    assertThat(rules(role.getRules())).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** formDelivery: Secret needs these where requests live; the chart grants them only on demand. */
  static final Rule FORM_SECRETS = Rule.of("", "secrets", "get", "create", "delete");

  @Test
  void formSecretsAreGrantedOnlyWhenAskedForAndOnlyWhereRequestsAre() {
    assertThat(rules(operatorClusterRole(CHART.renderDefaults()).getRules()))
        .doesNotContain(FORM_SECRETS);

    List<Rule> everywhere =
        rules(operatorClusterRole(CHART.render("rbac:\n  formSecrets: true\n")).getRules());
    assertThat(everywhere)
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(CLUSTER_RULES.stream(), Stream.of(FORM_SECRETS)).toList());

    Rendering watched = CHART.render("rbac:\n  formSecrets: true\nwatchNamespaces: [team-a]\n");
    assertThat(rules(operatorClusterRole(watched).getRules())).doesNotContain(FORM_SECRETS);
    assertThat(roleRules(watched).get("team-a/presign-operator-watch"))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(WATCHED_NAMESPACE_RULES.stream(), Stream.of(FORM_SECRETS)).toList());
  }

  @Test
  void theFormSecretsExampleGrantsExactlyWhatTheChartWould() throws Exception {
    List<JsonNode> documents;
    try (MappingIterator<JsonNode> it =
        new ObjectMapper(new YAMLFactory())
            .readerFor(JsonNode.class)
            .readValues(Path.of("examples/form-secrets-role.yaml").toFile())) {
      documents = it.readAll();
    }
    assertThat(documents).hasSize(2);
    Role role = Serialization.unmarshal(documents.get(0).toString(), Role.class);
    RoleBinding binding = Serialization.unmarshal(documents.get(1).toString(), RoleBinding.class);
    assertThat(rules(role.getRules())).containsExactly(FORM_SECRETS);
    assertThat(binding.getSubjects()).containsExactly(OPERATOR);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
  }

  @Test
  void watchingTheReleaseNamespaceAndDefaultAddsNoOtherRoles() {
    Rendering rendering = CHART.render("watchNamespaces: [presign-system, default]\n");

    assertThat(roleRules(rendering))
        .containsOnlyKeys(
            "presign-system/presign-operator",
            "presign-system/presign-operator-watch",
            "default/presign-operator-watch")
        .containsEntry("presign-system/presign-operator", Set.copyOf(RELEASE_NAMESPACE_RULES))
        .containsEntry("presign-system/presign-operator-watch", Set.copyOf(WATCHED_NAMESPACE_RULES))
        .containsEntry("default/presign-operator-watch", Set.copyOf(WATCHED_NAMESPACE_RULES));
    assertEachRoleBoundToTheOperator(rendering);
  }

  @Test
  void uploadsViewAndEditHaveExactRulesAndAggregateLikeCertManager() {
    Rendering rendering = CHART.renderDefaults();
    ClusterRole view = clusterRole(rendering, "presign-operator-uploads-view");
    ClusterRole edit = clusterRole(rendering, "presign-operator-uploads-edit");

    assertThat(rules(view.getRules())).containsExactlyInAnyOrderElementsOf(UPLOADS_VIEW_RULES);
    assertThat(rules(edit.getRules())).containsExactlyInAnyOrderElementsOf(UPLOADS_EDIT_RULES);
    assertThat(aggregationLabels(view))
        .containsOnlyKeys(AGGREGATE_TO + "view", AGGREGATE_TO + "edit", AGGREGATE_TO + "admin");
    assertThat(aggregationLabels(edit))
        .containsOnlyKeys(AGGREGATE_TO + "edit", AGGREGATE_TO + "admin");
    assertThat(aggregationLabels(view).values()).containsOnly("true");
    assertThat(aggregationLabels(edit).values()).containsOnly("true");
    assertThat(view.getAggregationRule()).isNull();
    assertThat(edit.getAggregationRule()).isNull();
  }

  @Test
  void uploadsEditAloneLetsAnAppUseEveryHttpApiRoute() {
    ClusterRole edit = clusterRole(CHART.renderDefaults(), "presign-operator-uploads-edit");

    assertThat(edit.getRules())
        .filteredOn(r -> r.getResources().contains("uploadrequests"))
        .flatExtracting(PolicyRule::getVerbs)
        .containsAll(HTTP_API_VERBS);
  }

  @Test
  void aggregatedRolesNeverGrantStatusClassWritesOrWildcards() {
    for (Rendering rendering :
        List.of(CHART.renderDefaults(), CHART.render(TestValues.NON_DEFAULT))) {
      List<ClusterRole> aggregated =
          rendering.all(ClusterRole.class).stream()
              .filter(r -> !aggregationLabels(r).isEmpty())
              .toList();

      assertThat(aggregated).hasSize(2);
      for (ClusterRole role : aggregated) {
        String name = role.getMetadata().getName();
        assertThat(role.getRules()).as("rules of %s", name).isNotEmpty();
        for (PolicyRule rule : role.getRules()) {
          assertThat(rule.getApiGroups()).as("apiGroups in %s", name).containsExactly(GROUP);
          assertThat(rule.getResources())
              .as("resources in %s", name)
              .noneMatch(r -> r.contains("/"))
              .noneMatch(r -> r.contains("*"));
          assertThat(rule.getVerbs()).as("verbs in %s", name).noneMatch(v -> v.contains("*"));
          assertThat(rule.getResourceNames()).as("resourceNames in %s", name).isNullOrEmpty();
          assertThat(rule.getNonResourceURLs()).as("nonResourceURLs in %s", name).isNullOrEmpty();
          if (rule.getResources().contains("uploadclasses")) {
            assertThat(rule.getVerbs())
                .as("verbs on uploadclasses in %s", name)
                .isSubsetOf("get", "list", "watch");
          }
        }
      }
    }
  }

  @Test
  void aggregatedRolesAreOptional() {
    Rendering rendering = CHART.render("rbac:\n  aggregateClusterRoles: false\n");

    assertThat(rendering.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("presign-operator");
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
                  Stream.of(
                          r.getApiGroups(),
                          r.getResources(),
                          r.getVerbs(),
                          r.getResourceNames() == null ? List.<String>of() : r.getResourceNames())
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
        CHART.render(
            "serviceAccount:\n  create: false\n  name: platform-operators\n"
                + "watchNamespaces: [team-a]\n");

    assertThat(rendering.all(ServiceAccount.class)).isEmpty();
    assertThat(rendering.all(RoleBinding.class)).hasSize(3);
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

  private static ClusterRole operatorClusterRole(Rendering rendering) {
    return clusterRole(rendering, "presign-operator");
  }

  private static ClusterRole clusterRole(Rendering rendering, String name) {
    List<ClusterRole> found =
        rendering.all(ClusterRole.class).stream()
            .filter(r -> r.getMetadata().getName().equals(name))
            .toList();
    assertThat(found).as("ClusterRoles named %s", name).hasSize(1);
    return found.get(0);
  }

  private static Map<String, String> aggregationLabels(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null
        ? Map.of()
        : labels.entrySet().stream()
            .filter(e -> e.getKey().startsWith(AGGREGATE_TO))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** "namespace/name" of each Role → its rules; fails on two Roles with one name. */
  private static Map<String, Set<Rule>> roleRules(Rendering rendering) {
    return rendering.all(Role.class).stream()
        .collect(
            Collectors.toMap(
                r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(),
                r -> Set.copyOf(rules(r.getRules()))));
  }

  /** Exactly one RoleBinding per Role, same namespace and name, to the operator only. */
  private static void assertEachRoleBoundToTheOperator(Rendering rendering) {
    List<String> roles =
        rendering.all(Role.class).stream()
            .map(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
            .toList();
    assertThat(rendering.all(RoleBinding.class))
        .allSatisfy(
            b -> {
              assertThat(b.getSubjects()).containsExactly(OPERATOR);
              assertThat(b.getRoleRef())
                  .isEqualTo(
                      new RoleRef("rbac.authorization.k8s.io", "Role", b.getMetadata().getName()));
            })
        .extracting(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(roles);
  }

  private static List<Rule> rules(List<PolicyRule> rules) {
    return rules.stream().map(Rule::from).toList();
  }
}
