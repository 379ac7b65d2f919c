package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presign.api.v1alpha1.AddressingStyle;
import dev.presign.api.v1alpha1.SecretReference;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadMethod;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** UploadClass objects from values.uploadClasses, valid against the model class. */
class UploadClassesTest {

  private static final ChartRenderer CHART = ChartRenderer.forProject();

  /** Numbers compare by value (Helm may write 3600 where the model writes 3600L). */
  private static final Comparator<JsonNode> SAME_VALUE =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : (a.equals(b) ? 0 : 1);

  @Test
  void defaultsCreateNoUploadClass() {
    assertThat(CHART.renderDefaults().ofKind("UploadClass")).isEmpty();
  }

  @Test
  void everyRenderedClassRoundTripsThroughTheModelUnchanged() {
    Rendering rendering = CHART.render(TestValues.NON_DEFAULT);

    assertThat(rendering.docs())
        .filteredOn(d -> "UploadClass".equals(d.object().getKind()))
        .hasSize(3)
        .allSatisfy(
            doc -> {
              JsonNode original = Serialization.unmarshal(doc.yaml(), JsonNode.class);
              UploadClass model = Serialization.unmarshal(doc.yaml(), UploadClass.class);
              JsonNode roundTrip =
                  Serialization.unmarshal(Serialization.asJson(model), JsonNode.class);
              assertThat(roundTrip.equals(SAME_VALUE, original))
                  .as(
                      "rendered UploadClass changes when read into the model (an unknown or"
                          + " misspelled field?)%nrendered: %s%nmodel:    %s",
                      original, roundTrip)
                  .isTrue();
            });
  }

  @Test
  void theDefaultClassCarriesTheAnnotationAndItsSpec() {
    UploadClass upload = classes(CHART.render(TestValues.NON_DEFAULT)).get("default");

    assertThat(upload.getApiVersion()).isEqualTo("uploads.presign.dev/v1alpha1");
    assertThat(upload.getMetadata().getNamespace()).as("cluster-scoped").isNull();
    assertThat(upload.isDefaultClass()).isTrue();
    assertThat(upload.getMetadata().getAnnotations())
        .containsEntry(UploadClass.IS_DEFAULT_CLASS_ANNOTATION, "true");
    assertThat(upload.getSpec().getBucket()).isEqualTo("acme-uploads");
    assertThat(upload.getSpec().effectiveRegion()).isEqualTo("eu-west-1");
    assertThat(upload.getSpec().maxFileSizeBytes()).hasValue(100L * 1024 * 1024);
    assertThat(upload.getSpec().getAllowedContentTypes())
        .containsExactly("application/pdf", "image/*");
    assertThat(upload.getSpec().getMaxExpiresInSeconds()).isEqualTo(604800);
    assertThat(upload.getSpec().getSuccessActionStatus()).isEqualTo(201);
    assertThat(upload.getSpec().getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "team-a"));
    assertThat(upload.getSpec().credentialsSecretRef())
        .as("the Secret's namespace defaults to the release namespace")
        .contains(new SecretReference("presign-system", "s3-credentials"));
  }

  @Test
  void aClassWithoutCredentialsUsesTheDefaultChainAndIsNotTheDefault() {
    UploadClass irsa = classes(CHART.render(TestValues.NON_DEFAULT)).get("irsa");

    assertThat(irsa.getSpec().getCredentials()).isNull();
    assertThat(irsa.getSpec().credentialsSecretRef()).isEmpty();
    assertThat(irsa.isDefaultClass()).isFalse();
    assertThat(irsa.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(irsa.getMetadata().getLabels()).containsEntry("team", "platform");
  }

  @Test
  void aSecretInAnExtraCredentialsNamespaceIsKept() {
    UploadClass minio = classes(CHART.render(TestValues.NON_DEFAULT)).get("minio");

    assertThat(minio.getSpec().credentialsSecretRef())
        .contains(new SecretReference("shared-secrets", "minio-credentials"));
    assertThat(minio.getSpec().effectiveAddressingStyle()).isEqualTo(AddressingStyle.PATH);
    assertThat(minio.getSpec().effectiveMethod()).isEqualTo(UploadMethod.PUT);
  }

  @Test
  void twoDefaultClassesAreRefused() {
    String values =
        """
        uploadClasses:
          - {name: a, default: true, spec: {bucket: bucket-a}}
          - {name: b, default: true, spec: {bucket: bucket-b}}
        """;

    assertThatThrownBy(() -> CHART.render(values))
        .hasMessageContaining("2 entries have default: true");
  }

  @Test
  void aSecretTheOperatorCouldNotReadIsRefused() {
    String values =
        """
        uploadClasses:
          - name: a
            spec:
              bucket: bucket-a
              credentials:
                secretRef: {namespace: elsewhere, name: s3}
        """;

    assertThatThrownBy(() -> CHART.render(values))
        .hasMessageContaining("\"elsewhere\"")
        .hasMessageContaining("credentialsNamespaces");
    assertThat(
            classes(CHART.render(values + "credentialsNamespaces: [elsewhere]\n"))
                .get("a")
                .getSpec()
                .credentialsSecretRef())
        .contains(new SecretReference("elsewhere", "s3"));
  }

  @Test
  void aClassWithoutBucketOrSecretNameIsRefused() {
    assertThatThrownBy(
            () -> CHART.render("uploadClasses: [{name: a, spec: {region: eu-west-1}}]\n"))
        .hasMessageContaining("bucket");
    assertThatThrownBy(
            () ->
                CHART.render(
                    "uploadClasses: [{name: a, spec: {bucket: b-1, credentials: {secretRef: {}}}}]\n"))
        .hasMessageContaining("secretRef.name is required");
  }

  private static Map<String, UploadClass> classes(Rendering rendering) {
    List<HasMetadata> found = rendering.ofKind("UploadClass");
    return found.stream()
        .map(o -> Serialization.unmarshal(Serialization.asYaml(o), UploadClass.class))
        .collect(java.util.stream.Collectors.toMap(c -> c.getMetadata().getName(), c -> c));
  }
}
