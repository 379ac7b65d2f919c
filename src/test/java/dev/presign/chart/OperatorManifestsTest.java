package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * operator/ is the chart's default rendering ({@code helm template presign helm/presign-operator
 * --namespace presign-system}) plus the presign-system Namespace and the CRDs, as parsed objects.
 */
class OperatorManifestsTest {

  static final String FIX =
      "%noperator/ is out of date with helm/presign-operator. Regenerate and commit it:%n"
          + "  "
          + RenderOperatorManifests.REGENERATE
          + "   (add -o to stay offline)";

  @Test
  void operatorDirectoryEqualsTheChartsDefaultRendering() throws IOException {
    Map<String, HasMetadata> expected = byIdentity(expectedObjects());
    Map<String, HasMetadata> actual = byIdentity(kustomizationObjects());

    assertThat(actual.keySet())
        .as("objects in operator/ (left) vs. the chart's default rendering (right)" + FIX)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, HasMetadata> object : expected.entrySet()) {
      HasMetadata found = actual.get(object.getKey());
      // The YAML of both parsed objects first, for a readable difference; then the objects.
      assertThat(Serialization.asYaml(found))
          .as("%s in operator/ differs from the chart's default rendering" + FIX, object.getKey())
          .isEqualTo(Serialization.asYaml(object.getValue()));
      assertThat(found).isEqualTo(object.getValue());
    }
  }

  @Test
  void kustomizationListsEveryFileInOperatorAndNothingElse() throws IOException {
    List<String> listed = resources();
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(ChartFiles.operatorDir())) {
      walk.filter(Files::isRegularFile)
          .map(p -> ChartFiles.operatorDir().relativize(p).toString().replace('\\', '/'))
          .filter(n -> !n.equals(RenderOperatorManifests.KUSTOMIZATION))
          .forEach(files::add);
    }

    assertThat(new TreeSet<>(listed))
        .as("resources of operator/kustomization.yaml vs. files in operator/" + FIX)
        .isEqualTo(new TreeSet<>(files));
    assertThat(listed).as("each resource listed once").doesNotHaveDuplicates();
  }

  @Test
  void installsIntoItsOwnPresignSystemNamespace() throws IOException {
    List<HasMetadata> objects = kustomizationObjects();

    assertThat(objects)
        .filteredOn(Namespace.class::isInstance)
        .singleElement()
        .satisfies(n -> assertThat(n.getMetadata().getName()).isEqualTo("presign-system"));
    assertThat(objects)
        .filteredOn(o -> o.getMetadata().getNamespace() != null)
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("presign-system"));
    assertThat(objects).filteredOn(CustomResourceDefinition.class::isInstance).hasSize(2);
  }

  /** The default rendering, the Namespace and the CRDs of crds/. */
  private static List<HasMetadata> expectedObjects() throws IOException {
    List<HasMetadata> objects =
        new ArrayList<>(ChartRenderer.forProject().renderDefaults().objects());
    objects.add(
        Serialization.unmarshal(RenderOperatorManifests.namespaceYaml(), HasMetadata.class));
    for (String crd : RenderOperatorManifests.yamlFiles(ChartFiles.committedCrdDir())) {
      objects.addAll(parse(ChartFiles.committedCrdDir().resolve(crd)));
    }
    return objects;
  }

  /** What {@code kubectl apply -k operator/} applies: every file kustomization.yaml lists. */
  private static List<HasMetadata> kustomizationObjects() throws IOException {
    List<HasMetadata> objects = new ArrayList<>();
    for (String resource : resources()) {
      objects.addAll(parse(ChartFiles.operatorDir().resolve(resource)));
    }
    return objects;
  }

  private static List<String> resources() throws IOException {
    Path kustomization = ChartFiles.operatorDir().resolve(RenderOperatorManifests.KUSTOMIZATION);
    assertThat(kustomization).as("operator/kustomization.yaml" + FIX).exists();
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(kustomization.toFile());
    assertThat(root.path("kind").asText()).isEqualTo("Kustomization");
    List<String> resources = new ArrayList<>();
    root.path("resources").forEach(r -> resources.add(r.asText()));
    assertThat(resources).as("resources of operator/kustomization.yaml").isNotEmpty();
    return resources;
  }

  private static List<HasMetadata> parse(Path file) throws IOException {
    return Rendering.parse(Files.readString(file)).objects();
  }

  /** Objects by apiVersion, kind, namespace and name; fails on duplicates. */
  private static Map<String, HasMetadata> byIdentity(List<HasMetadata> objects) {
    Map<String, HasMetadata> map = new LinkedHashMap<>();
    for (HasMetadata o : objects) {
      String id =
          o.getApiVersion()
              + " "
              + o.getKind()
              + " "
              + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
              + o.getMetadata().getName();
      assertThat(map.put(id, o)).as("%s appears twice", id).isNull();
    }
    return map;
  }
}
