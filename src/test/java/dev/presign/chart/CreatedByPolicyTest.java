package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.uploads.UploadRequestStatuses;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ValidatingAdmissionPolicy that keeps the created-by annotation (the HTTP API's {@code
 * created_by}) and {@code status.createdBy} to the operator's ServiceAccount: rendered by default,
 * for the ServiceAccount the chart binds its RBAC to, and gone when disabled. The e2e phase {@code
 * createdby} shows the API server enforcing it.
 */
class CreatedByPolicyTest {

  private static final ChartRenderer CHART = ChartRenderer.forProject();

  /** The operator's username as the CEL string literal the match condition compares with. */
  private static String notTheOperator(String namespace, String serviceAccount) {
    return "request.userInfo.username != 'system:serviceaccount:"
        + namespace
        + ":"
        + serviceAccount
        + "'";
  }

  @Test
  void defaultsRenderThePolicyAndItsBinding() {
    Rendering rendering = CHART.renderDefaults();
    ValidatingAdmissionPolicy policy = rendering.one(ValidatingAdmissionPolicy.class);
    ValidatingAdmissionPolicyBinding binding =
        rendering.one(ValidatingAdmissionPolicyBinding.class);

    assertThat(policy.getApiVersion()).isEqualTo("admissionregistration.k8s.io/v1");
    assertThat(policy.getMetadata().getName()).isEqualTo("presign-operator-created-by");
    assertThat(policy.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", "presign");
    assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
    assertThat(policy.getSpec().getParamKind()).isNull();
    assertThat(binding.getApiVersion()).isEqualTo("admissionregistration.k8s.io/v1");
    assertThat(binding.getSpec().getPolicyName()).isEqualTo(policy.getMetadata().getName());
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    assertThat(binding.getSpec().getParamRef()).isNull();
    assertThat(binding.getSpec().getMatchResources())
        .as("the binding narrows nothing: every namespace")
        .isNull();
  }

  @Test
  void matchesCreateAndUpdateOfUploadRequestsAndTheirStatusOnly() {
    ValidatingAdmissionPolicy policy = CHART.renderDefaults().one(ValidatingAdmissionPolicy.class);

    assertThat(policy.getSpec().getMatchConstraints().getNamespaceSelector()).isNull();
    assertThat(policy.getSpec().getMatchConstraints().getObjectSelector()).isNull();
    assertThat(policy.getSpec().getMatchConstraints().getExcludeResourceRules()).isNullOrEmpty();
    List<NamedRuleWithOperations> rules = policy.getSpec().getMatchConstraints().getResourceRules();
    assertThat(rules).singleElement();
    NamedRuleWithOperations rule = rules.get(0);
    assertThat(rule.getApiGroups()).containsExactly("uploads.presign.dev");
    assertThat(rule.getApiVersions()).containsExactly("*");
    assertThat(rule.getResources()).containsExactly("uploadrequests", "uploadrequests/status");
    assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
    assertThat(rule.getResourceNames()).isNullOrEmpty();
  }

  @Test
  void onlyTheOperatorsOwnServiceAccountIsLeftOut() {
    ValidatingAdmissionPolicy policy = CHART.renderDefaults().one(ValidatingAdmissionPolicy.class);

    assertThat(policy.getSpec().getMatchConditions())
        .extracting(MatchCondition::getExpression)
        .containsExactly(notTheOperator("presign-system", "presign-operator"));
  }

  @Test
  void theUsernameFollowsTheReleaseNamespaceAndServiceAccountName() {
    Rendering rendering =
        CHART.render("acme", "uploads-ops", "serviceAccount:\n  name: uploader\n");
    ValidatingAdmissionPolicy policy = rendering.one(ValidatingAdmissionPolicy.class);

    assertThat(policy.getMetadata().getName()).isEqualTo("acme-presign-operator-created-by");
    assertThat(rendering.one(ValidatingAdmissionPolicyBinding.class).getSpec().getPolicyName())
        .isEqualTo("acme-presign-operator-created-by");
    assertThat(policy.getSpec().getMatchConditions())
        .extracting(MatchCondition::getExpression)
        .containsExactly(notTheOperator("uploads-ops", "uploader"));
    assertThat(policy.getSpec().getValidations())
        .extracting(Validation::getMessage)
        .allSatisfy(m -> assertThat(m).contains("(system:serviceaccount:uploads-ops:uploader)"));
    // The same account the RBAC is bound to.
    Subject bound = rendering.one(ClusterRoleBinding.class).getSubjects().get(0);
    assertThat(notTheOperator(bound.getNamespace(), bound.getName()))
        .isEqualTo(notTheOperator("uploads-ops", "uploader"));
  }

  @Test
  void anExistingServiceAccountIsTheOneLeftOut() {
    ValidatingAdmissionPolicy policy =
        CHART
            .render("serviceAccount:\n  create: false\n  name: platform-operators\n")
            .one(ValidatingAdmissionPolicy.class);

    assertThat(policy.getSpec().getMatchConditions())
        .extracting(MatchCondition::getExpression)
        .containsExactly(notTheOperator("presign-system", "platform-operators"));
  }

  @Test
  void everyRuleIsAForbiddenDenialThatNamesWhatItGuardsAndWhoMaySetIt() {
    ValidatingAdmissionPolicy policy = CHART.renderDefaults().one(ValidatingAdmissionPolicy.class);
    List<Validation> validations = policy.getSpec().getValidations();

    assertThat(validations).hasSize(3);
    assertThat(validations)
        .allSatisfy(
            v -> {
              assertThat(v.getReason()).isEqualTo("Forbidden");
              assertThat(v.getMessageExpression()).isNull();
              assertThat(v.getMessage())
                  .contains(UploadRequestStatuses.CREATED_BY_ANNOTATION)
                  .contains(
                      "the operator's ServiceAccount"
                          + " (system:serviceaccount:presign-system:presign-operator)");
            });
    assertThat(validations)
        .extracting(Validation::getExpression)
        .containsExactly(
            "request.operation != 'CREATE' || size(variables.createdBy) == 0",
            "request.operation != 'UPDATE' || variables.createdBy == variables.oldCreatedBy",
            "request.operation != 'UPDATE'"
                + " || variables.statusCreatedBy == variables.oldStatusCreatedBy");
    assertThat(validations.get(2).getMessage()).startsWith("status.createdBy ");
  }

  @Test
  void guardsTheAnnotationTheHttpApiWrites() {
    ValidatingAdmissionPolicy policy = CHART.renderDefaults().one(ValidatingAdmissionPolicy.class);
    String key = "'" + UploadRequestStatuses.CREATED_BY_ANNOTATION + "'";

    assertThat(policy.getSpec().getVariables())
        .extracting(Variable::getName)
        .containsExactly("createdBy", "oldCreatedBy", "statusCreatedBy", "oldStatusCreatedBy");
    Stream.of(policy.getSpec().getVariables().get(0), policy.getSpec().getVariables().get(1))
        .forEach(
            v ->
                assertThat(v.getExpression())
                    .as(v.getName())
                    .contains(" in ")
                    .contains(key)
                    .contains("annotations[" + key + "]"));
  }

  @Test
  void disabledRendersNeitherPolicyNorBinding() {
    Rendering rendering = CHART.render("createdByProtection:\n  enabled: false\n");

    assertThat(rendering.all(ValidatingAdmissionPolicy.class)).isEmpty();
    assertThat(rendering.all(ValidatingAdmissionPolicyBinding.class)).isEmpty();
    assertThat(rendering.objects()).isNotEmpty();
  }

  @Test
  void schemaRefusesAServiceAccountNameThatIsNoKubernetesName() {
    // It is spliced into a CEL string literal: a quote must never get there.
    assertThatThrownBy(() -> CHART.render("serviceAccount:\n  name: \"x' || true || '\"\n"))
        .hasMessageContaining("serviceAccount");
    assertThatThrownBy(() -> CHART.render("createdByProtection:\n  enable: false\n"))
        .hasMessageContaining("enable");
  }
}
