package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart and operator/ carry the committed CRDs byte for byte (CrdDriftTest checks crds/ against
 * the Java model).
 */
class CrdCopiesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"helm/presign-operator/crds", "operator/crds"})
  void copyIsByteIdenticalToCrds(String copy) throws IOException {
    Path committed = ChartFiles.committedCrdDir();
    Path copied = ChartFiles.baseDir().resolve(copy);

    List<String> names = RenderOperatorManifests.yamlFiles(committed);
    assertThat(names).as("CRD files in crds/").hasSize(2);
    assertThat(Files.isDirectory(copied)).as("%s/ exists", copy).isTrue();
    assertThat(RenderOperatorManifests.yamlFiles(copied))
        .as("files in %s/ (regenerate: %s)", copy, RenderOperatorManifests.REGENERATE)
        .containsExactlyElementsOf(names);
    for (String name : names) {
      assertThat(Files.readAllBytes(copied.resolve(name)))
          .as(
              "%s/%s equals crds/%s (regenerate: %s)",
              copy, name, name, RenderOperatorManifests.REGENERATE)
          .isEqualTo(Files.readAllBytes(committed.resolve(name)));
    }
  }
}
