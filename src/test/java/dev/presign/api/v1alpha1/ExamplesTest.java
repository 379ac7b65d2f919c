package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every file in examples/ deserializes into the model and satisfies the generated CRD. */
class ExamplesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Map<String, Class<? extends HasMetadata>> MODEL_BY_KIND =
      Map.of(
          "UploadClass",
          UploadClass.class,
          "UploadRequest",
          UploadRequest.class,
          "Secret",
          Secret.class,
          "ResourceQuota",
          ResourceQuota.class,
          "Role",
          Role.class,
          "RoleBinding",
          RoleBinding.class,
          "Deployment",
          Deployment.class);

  private static final Map<String, String> CRD_BY_KIND =
      Map.of(
          "UploadClass", ProjectFiles.UPLOAD_CLASSES_CRD,
          "UploadRequest", ProjectFiles.UPLOAD_REQUESTS_CRD);

  /** Numbers compare by value (YAML reads 77000 as an int, the model writes a long). */
  private static final Comparator<JsonNode> SAME_VALUE =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : (a.equals(b) ? 0 : 1);

  @TestFactory
  Stream<DynamicTest> everyExampleRoundTripsThroughTheModelAndMatchesTheCrd() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(ProjectFiles.examplesDir())) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> checkExample(f)));
  }

  private void checkExample(Path file) throws IOException {
    List<JsonNode> documents;
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      documents = it.readAll();
    }
    assertThat(documents).as("documents in %s", file.getFileName()).isNotEmpty();
    for (JsonNode document : documents) {
      checkDocument(file, document);
    }
  }

  private void checkDocument(Path file, JsonNode original) {
    String kind = original.path("kind").asText();
    Class<? extends HasMetadata> type = MODEL_BY_KIND.get(kind);
    if (type == null) {
      fail(file.getFileName() + ": kind '" + kind + "' has no model class in this test");
    }

    HasMetadata model = Serialization.unmarshal(original.toString(), type);
    JsonNode roundTrip = Serialization.unmarshal(Serialization.asJson(model), JsonNode.class);
    assertThat(roundTrip.equals(SAME_VALUE, original))
        .as(
            "%s changes when read into %s and written back (a misspelled or unknown field?)%n"
                + "file:  %s%nmodel: %s",
            file.getFileName(), type.getSimpleName(), original, roundTrip)
        .isTrue();

    if (CRD_BY_KIND.containsKey(kind)) {
      List<String> violations = crdViolations(kind, original);
      if (file.getFileName().toString().endsWith("-invalid.yaml")) {
        assertThat(violations)
            .as("%s should be rejected by the CRD", file.getFileName())
            .isNotEmpty();
      } else {
        assertThat(violations).as("%s violates the CRD", file.getFileName()).isEmpty();
      }
    }
  }

  @Test
  void uploadClassExampleIsTheLocalDefaultClass() {
    UploadClass upload =
        unmarshal(ProjectFiles.examplesDir().resolve("upload-class.yaml"), UploadClass.class);

    assertThat(upload.getMetadata().getName()).isEqualTo("default");
    assertThat(upload.isDefaultClass()).isTrue();
    UploadClassSpec spec = upload.getSpec();
    assertThat(spec.getBucket()).isEqualTo("uploads");
    assertThat(spec.getEndpoint()).isEqualTo("http://127.0.0.1:9000");
    assertThat(spec.effectiveAddressingStyle()).isEqualTo(AddressingStyle.PATH);
    assertThat(spec.getAddressingStyle()).isEqualTo(AddressingStyle.PATH);
    assertThat(spec.credentialsSecretRef())
        .contains(new SecretReference("presign-system", "s3-credentials"));
    assertThat(spec.effectiveRegion()).isEqualTo("us-east-1");
    assertThat(spec.effectiveKeyPrefix()).isEqualTo("media/");
    assertThat(spec.effectiveDefaultUploadTo()).isEqualTo("uploads");
    assertThat(spec.effectiveMethod()).isEqualTo(UploadMethod.POST);
  }

  @Test
  void credentialsExampleIsTheSecretTheClassNamesWithPlaceholderValues() {
    Secret secret =
        unmarshal(ProjectFiles.examplesDir().resolve("s3-credentials-secret.yaml"), Secret.class);
    UploadClass upload =
        unmarshal(ProjectFiles.examplesDir().resolve("upload-class.yaml"), UploadClass.class);

    SecretReference ref = upload.getSpec().credentialsSecretRef().orElseThrow();
    assertThat(secret.getMetadata().getNamespace()).isEqualTo(ref.getNamespace());
    assertThat(secret.getMetadata().getName()).isEqualTo(ref.getName());
    assertThat(secret.getStringData())
        .containsOnlyKeys(SecretReference.ACCESS_KEY_ID_KEY, SecretReference.SECRET_ACCESS_KEY_KEY);
    assertThat(secret.getStringData().values())
        .allSatisfy(v -> assertThat(v).containsIgnoringCase("example"));
  }

  @Test
  void uploadRequestExampleIsTheSeedUpload() {
    UploadRequest request =
        unmarshal(ProjectFiles.examplesDir().resolve("upload-request.yaml"), UploadRequest.class);

    assertThat(request.getMetadata().getName()).isEqualTo("lorem-ipsum");
    assertThat(request.getSpec().getOriginalFileName()).isEqualTo("lorem-ipsum.pdf");
    assertThat(request.getSpec().getFileSize()).isEqualTo(77000L);
    assertThat(request.getSpec().getUploadClassName()).as("uses the default class").isNull();
    assertThat(request.getStatus()).isNull();
  }

  @Test
  void resourceQuotaExampleCountsTheUploadRequestsOfThisCrd() {
    ResourceQuota quota =
        unmarshal(ProjectFiles.examplesDir().resolve("resource-quota.yaml"), ResourceQuota.class);
    CustomResourceDefinition crd = ProjectFiles.generatedCrd(CRD_BY_KIND.get("UploadRequest"));
    // Object-count quotas are spelled count/<plural>.<group>; a typo is accepted by the API
    // server and then counts nothing, so the name is checked against the CRD.
    String counted =
        "count/" + crd.getSpec().getNames().getPlural() + "." + crd.getSpec().getGroup();

    assertThat(counted).isEqualTo("count/uploadrequests.uploads.presign.dev");
    assertThat(quota.getMetadata().getNamespace())
        .as("applied with -n into the namespace it limits")
        .isNull();
    assertThat(quota.getSpec().getHard()).containsOnlyKeys(counted);
    assertThat(Quantity.getAmountInBytes(quota.getSpec().getHard().get(counted)).intValue())
        .isPositive();
  }

  @Test
  void appExampleMountsATokenForTheAudienceTheOperatorExpectsByDefault() throws IOException {
    Deployment app =
        unmarshal(ProjectFiles.examplesDir().resolve("app-deployment.yaml"), Deployment.class);
    var pod = app.getSpec().getTemplate().getSpec();
    Volume volume =
        pod.getVolumes().stream()
            .filter(v -> v.getProjected() != null)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no projected volume"));
    ServiceAccountTokenProjection token =
        volume.getProjected().getSources().get(0).getServiceAccountToken();
    JsonNode chartValues =
        YAML.readTree(
            ProjectFiles.examplesDir()
                .resolveSibling("helm/presign-operator/values.yaml")
                .toFile());

    assertThat(token.getAudience())
        .isEqualTo(dev.presign.config.OperatorSettings.TOKEN_AUDIENCE.defaultValue())
        .isEqualTo(chartValues.path("tokenAudience").asText())
        .isEqualTo("presign-operator");
    assertThat(token.getExpirationSeconds()).isEqualTo(3600L);
    var container = pod.getContainers().get(0);
    String mountPath =
        container.getVolumeMounts().stream()
            .filter(m -> m.getName().equals(volume.getName()))
            .findFirst()
            .orElseThrow()
            .getMountPath();
    assertThat(container.getEnv())
        .anySatisfy(e -> assertThat(e.getValue()).isEqualTo(mountPath + "/" + token.getPath()));
    assertThat(pod.getAutomountServiceAccountToken())
        .as("the API server's own token is not mounted")
        .isFalse();
  }

  @Test
  void invalidExampleFailsOnlyOnFileSize() throws IOException {
    Path file = ProjectFiles.examplesDir().resolve("upload-request-invalid.yaml");
    UploadRequest request = unmarshal(file, UploadRequest.class);

    assertThat(request.getSpec().getFileSize()).isEqualTo(-1L);
    assertThat(crdViolations("UploadRequest", YAML.readTree(file.toFile())))
        .containsExactly("spec.fileSize: -1 is less than the minimum 1");
  }

  private static List<String> crdViolations(String kind, JsonNode resource) {
    CustomResourceDefinition crd = ProjectFiles.generatedCrd(CRD_BY_KIND.get(kind));
    JSONSchemaProps spec =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec");
    return new SchemaCheck().violations(spec, resource.path("spec"), "spec");
  }

  private static <T> T unmarshal(Path file, Class<T> type) {
    try (InputStream in = Files.newInputStream(file)) {
      return Serialization.unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
