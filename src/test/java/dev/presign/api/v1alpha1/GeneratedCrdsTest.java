package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What crd-generator made of the model, as committed (after GeneratedCrdPostProcessor): names,
 * scope, columns, validation and documentation.
 */
class GeneratedCrdsTest {

  private final CustomResourceDefinition requests =
      ProjectFiles.generatedCrd(ProjectFiles.UPLOAD_REQUESTS_CRD);
  private final CustomResourceDefinition classes =
      ProjectFiles.generatedCrd(ProjectFiles.UPLOAD_CLASSES_CRD);

  @Test
  void uploadRequestIsNamespacedWithShortNameAndCategory() {
    assertThat(requests.getMetadata().getName()).isEqualTo("uploadrequests.uploads.presign.dev");
    assertThat(requests.getSpec().getGroup()).isEqualTo(GroupVersion.GROUP);
    assertThat(requests.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(requests.getSpec().getNames().getKind()).isEqualTo("UploadRequest");
    assertThat(requests.getSpec().getNames().getPlural()).isEqualTo("uploadrequests");
    assertThat(requests.getSpec().getNames().getShortNames()).containsExactly("upreq");
    assertThat(requests.getSpec().getNames().getCategories()).containsExactly("uploads");
    assertThat(onlyVersion(requests).getName()).isEqualTo(GroupVersion.VERSION);
    assertThat(onlyVersion(requests).getSubresources().getStatus()).isNotNull();
  }

  @Test
  void uploadClassIsClusterScopedWithShortNameAndCategory() {
    assertThat(classes.getMetadata().getName()).isEqualTo("uploadclasses.uploads.presign.dev");
    assertThat(classes.getSpec().getScope()).isEqualTo("Cluster");
    assertThat(classes.getSpec().getNames().getKind()).isEqualTo("UploadClass");
    assertThat(classes.getSpec().getNames().getPlural()).isEqualTo("uploadclasses");
    assertThat(classes.getSpec().getNames().getShortNames()).containsExactly("upclass");
    assertThat(classes.getSpec().getNames().getCategories()).containsExactly("uploads");
    assertThat(onlyVersion(classes).getSubresources().getStatus()).isNotNull();
  }

  @Test
  void uploadRequestPrinterColumnsInTheDesignsOrder() {
    // kubectl prints them in this order; the -o wide one (priority 1) comes after Age. A zero
    // priority is left out (null), as the API server stores it.
    assertThat(onlyVersion(requests).getAdditionalPrinterColumns())
        .extracting(
            CustomResourceColumnDefinition::getName,
            CustomResourceColumnDefinition::getJsonPath,
            CustomResourceColumnDefinition::getType,
            CustomResourceColumnDefinition::getPriority)
        .containsExactly(
            tuple("Phase", ".status.phase", "string", null),
            tuple("Class", ".status.uploadClassName", "string", null),
            tuple("Key", ".status.key", "string", null),
            tuple("Size", ".spec.fileSize", "integer", null),
            tuple("Parts", ".status.multipart.partCount", "integer", null),
            // a future "date" would print as "<invalid>" (time since), so the timestamp itself
            tuple("Expires", ".status.expiresAt", "string", null),
            tuple("Age", ".metadata.creationTimestamp", "date", null),
            tuple("Reason", ".status.conditions[?(@.type==\"Ready\")].reason", "string", 1));
  }

  @Test
  void uploadClassPrinterColumnsInTheDesignsOrder() {
    assertThat(onlyVersion(classes).getAdditionalPrinterColumns())
        .extracting(
            CustomResourceColumnDefinition::getName,
            CustomResourceColumnDefinition::getJsonPath,
            CustomResourceColumnDefinition::getType,
            CustomResourceColumnDefinition::getPriority)
        .containsExactly(
            tuple("Bucket", ".spec.bucket", "string", null),
            tuple("Endpoint", ".spec.endpoint", "string", null),
            tuple("Ready", ".status.conditions[?(@.type==\"Ready\")].status", "string", null),
            tuple("Age", ".metadata.creationTimestamp", "date", null),
            tuple("Region", ".spec.region", "string", 1),
            tuple("Reason", ".status.conditions[?(@.type==\"Ready\")].reason", "string", 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {ProjectFiles.UPLOAD_CLASSES_CRD, ProjectFiles.UPLOAD_REQUESTS_CRD})
  void noPrinterColumnCarriesAZeroPriority(String fileName) {
    // The API server drops "priority: 0" when it stores a CRD; a file that has it differs from
    // the stored object in the atomic spec.versions, and Helm 4's server-side apply of the
    // chart's crds/ then conflicts with the manager that applied the CRDs before.
    assertThat(ProjectFiles.expectedCrds().get(fileName))
        .doesNotContain("priority: 0")
        .contains("priority: 1");
  }

  @Test
  void uploadRequestSpecIsImmutableThroughCel() {
    JSONSchemaProps spec = schema(requests, "spec");

    assertThat(spec.getXKubernetesValidations())
        .extracting(ValidationRule::getRule, ValidationRule::getMessage)
        .containsExactly(tuple("self == oldSelf", "spec is immutable; create a new UploadRequest"));
    assertThat(schema(requests).getRequired()).contains("spec");
  }

  @Test
  void uploadRequestSpecRequiredFieldsAndBounds() {
    JSONSchemaProps spec = schema(requests, "spec");

    assertThat(spec.getRequired()).containsExactlyInAnyOrder("originalFileName", "fileSize");
    assertThat(schema(requests, "spec", "fileSize").getType()).isEqualTo("integer");
    assertThat(schema(requests, "spec", "fileSize").getMinimum()).isEqualTo(1.0);
    assertThat(schema(requests, "spec", "originalFileName").getMinLength()).isEqualTo(1L);
    assertThat(schema(requests, "spec", "originalFileName").getMaxLength()).isEqualTo(4096L);
    assertThat(schema(requests, "spec", "contentType").getMaxLength()).isEqualTo(255L);
    assertThat(schema(requests, "spec", "uploadTo").getMaxLength()).isEqualTo(256L);
    assertThat(schema(requests, "spec", "expiresInSeconds").getMinimum()).isEqualTo(1.0);
    assertThat(schema(requests, "spec", "expiresInSeconds").getMaximum()).isEqualTo(604800.0);
    assertThat(schema(requests, "spec", "method").getEnum())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("\"POST\"", "\"PUT\"");
    assertThat(schema(requests, "spec", "metadata").getMaxProperties()).isEqualTo(32L);
    assertThat(
            schema(requests, "spec", "metadata")
                .getAdditionalProperties()
                .getSchema()
                .getMaxLength())
        .isEqualTo(1024L);
    assertThat(schema(requests, "spec", "checksumSHA256").getPattern())
        .isEqualTo("^[A-Za-z0-9+/]{43}=$");
  }

  @Test
  void everyStringInTheUploadRequestSpecIsBounded() {
    // The API server estimates the cost of "self == oldSelf" from maxLength / maxItems /
    // maxProperties; unbounded strings make it guess the whole request size.
    List<String> unbounded = new ArrayList<>();
    collectUnbounded(schema(requests, "spec"), "spec", unbounded);

    assertThat(unbounded).isEmpty();
  }

  @Test
  void uploadRequestPhaseIsAnEnumOfThePhases() {
    assertThat(schema(requests, "status", "phase").getEnum())
        .extracting(n -> n.asText())
        .containsExactlyInAnyOrder(
            Arrays.stream(Phase.values()).map(Phase::value).toArray(String[]::new));
  }

  @Test
  void uploadClassSpecRequiredFieldsDefaultsAndBounds() {
    JSONSchemaProps spec = schema(classes, "spec");

    assertThat(spec.getRequired()).containsExactly("bucket");
    assertThat(schema(classes, "spec", "bucket").getPattern())
        .isEqualTo(SchemaConstraints.BUCKET_PATTERN);
    assertThat(schema(classes, "spec", "region").getDefault().asText()).isEqualTo("us-east-1");
    assertThat(schema(classes, "spec", "keyPrefix").getDefault().asText()).isEqualTo("media/");
    assertThat(schema(classes, "spec", "defaultUploadTo").getDefault().asText())
        .isEqualTo("uploads");
    assertThat(schema(classes, "spec", "method").getDefault().asText()).isEqualTo("POST");
    assertThat(schema(classes, "spec", "addressingStyle").getDefault())
        .as("depends on endpoint")
        .isNull();
    assertThat(schema(classes, "spec", "addressingStyle").getEnum())
        .extracting(n -> n.asText())
        .containsExactlyInAnyOrder("virtual", "path");
    assertThat(schema(classes, "spec", "maxExpiresInSeconds").getMaximum()).isEqualTo(604800.0);
    assertThat(schema(classes, "spec", "maxFileSize").getXKubernetesIntOrString()).isTrue();
    assertThat(schema(classes, "spec", "maxFileSize").getPattern())
        .isEqualTo(SchemaConstraints.QUANTITY_PATTERN);
    assertThat(schema(classes, "spec", "allowedUploadTo").getItems().getSchema().getMaxLength())
        .isEqualTo(256L);
    assertThat(schema(classes, "spec", "allowedContentTypes").getItems().getSchema().getPattern())
        .isEqualTo(SchemaConstraints.CONTENT_TYPE_RULE_PATTERN);
    assertThat(schema(classes, "spec", "successActionStatus").getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .containsExactly("self in [200, 201, 204]");
    assertThat(schema(classes, "spec", "credentials", "secretRef").getRequired())
        .containsExactlyInAnyOrder("namespace", "name");
    assertThat(schema(classes, "spec", "namespaceSelector").getProperties())
        .containsOnlyKeys("matchLabels", "matchExpressions");
  }

  @ParameterizedTest
  @ValueSource(strings = {ProjectFiles.UPLOAD_CLASSES_CRD, ProjectFiles.UPLOAD_REQUESTS_CRD})
  void everyPropertyHasADescription(String fileName) {
    List<String> undocumented = new ArrayList<>();
    schema(ProjectFiles.generatedCrd(fileName))
        .getProperties()
        .forEach((name, property) -> collectUndocumented(property, name, undocumented));

    assertThat(undocumented).as("properties without a description (kubectl explain)").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {ProjectFiles.UPLOAD_CLASSES_CRD, ProjectFiles.UPLOAD_REQUESTS_CRD})
  void everyDefaultSatisfiesItsOwnSchema(String fileName) {
    // The API server refuses a CRD whose defaults do not validate.
    List<String> invalid = new ArrayList<>();
    collectInvalidDefaults(schema(ProjectFiles.generatedCrd(fileName)), "", invalid);

    assertThat(invalid).isEmpty();
  }

  @Test
  void conditionsHaveTheMetav1ConditionFields() {
    for (CustomResourceDefinition crd : List.of(requests, classes)) {
      JSONSchemaProps condition = schema(crd, "status", "conditions").getItems().getSchema();
      assertThat(condition.getProperties())
          .containsOnlyKeys(
              "type", "status", "observedGeneration", "lastTransitionTime", "reason", "message");
      assertThat(condition.getRequired()).containsExactlyInAnyOrder("type", "status");
    }
  }

  private static void collectInvalidDefaults(
      JSONSchemaProps schema, String path, List<String> out) {
    if (schema.getDefault() != null) {
      out.addAll(new SchemaCheck().violations(schema, schema.getDefault(), path));
    }
    forEachChild(schema, path, (child, childPath) -> collectInvalidDefaults(child, childPath, out));
  }

  private static void collectUndocumented(JSONSchemaProps schema, String path, List<String> out) {
    if (schema.getDescription() == null || schema.getDescription().isBlank()) {
      out.add(path);
    }
    forEachChild(schema, path, (child, childPath) -> collectUndocumented(child, childPath, out));
  }

  /** Lists, maps and objects are containers; their leaves are what needs a bound. */
  private static void collectUnbounded(JSONSchemaProps schema, String path, List<String> out) {
    boolean isEnum = schema.getEnum() != null && !schema.getEnum().isEmpty();
    if ("string".equals(schema.getType()) && schema.getMaxLength() == null && !isEnum) {
      out.add(path);
    }
    if ("array".equals(schema.getType()) && schema.getMaxItems() == null) {
      out.add(path + " (maxItems)");
    }
    if (schema.getAdditionalProperties() != null && schema.getMaxProperties() == null) {
      out.add(path + " (maxProperties)");
    }
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      collectUnbounded(schema.getAdditionalProperties().getSchema(), path + ".*", out);
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUnbounded(schema.getItems().getSchema(), path + "[]", out);
    }
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach((name, child) -> collectUnbounded(child, path + "." + name, out));
    }
  }

  /**
   * The named properties of an object, also inside array items and map values (an item or value
   * schema itself is documented by its array or map).
   */
  private static void forEachChild(
      JSONSchemaProps schema,
      String path,
      java.util.function.BiConsumer<JSONSchemaProps, String> action) {
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    if (properties != null) {
      properties.forEach((name, child) -> action.accept(child, path + "." + name));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      forEachChild(schema.getItems().getSchema(), path + "[]", action);
    }
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      forEachChild(schema.getAdditionalProperties().getSchema(), path + ".*", action);
    }
  }

  private static CustomResourceDefinitionVersion onlyVersion(CustomResourceDefinition crd) {
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertThat(version.getServed()).isTrue();
    assertThat(version.getStorage()).isTrue();
    return version;
  }

  private static JSONSchemaProps schema(CustomResourceDefinition crd, String... path) {
    JSONSchemaProps schema = onlyVersion(crd).getSchema().getOpenAPIV3Schema();
    for (String name : path) {
      assertThat(schema.getProperties())
          .as("schema of %s", String.join(".", path))
          .containsKey(name);
      schema = schema.getProperties().get(name);
    }
    return schema;
  }
}
