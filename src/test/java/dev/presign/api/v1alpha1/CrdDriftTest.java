package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed CRDs (crds/, the Helm chart's crds/ and operator/crds/) must be byte-for-byte the
 * ones generated from the Java model in this build, after {@link GeneratedCrdPostProcessor}
 * (printer columns in declared order, no {@code priority: 0}). A missing copy is a failure, not a
 * skip.
 */
class CrdDriftTest {

  static final String FIX =
      "\nThe Java model in dev.presign.api changed but the committed CRDs did not. Fix:\n"
          + "  scripts/render-operator-manifests.sh   (writes the generated CRDs, post-processed,\n"
          + "  into crds/, helm/presign-operator/crds/ and operator/crds/, and regenerates\n"
          + "  operator/), then commit.";

  @Test
  void committedCrdsMatchTheGeneratedOnes() {
    List<String> problems =
        new CrdDrift(ProjectFiles.expectedCrds()).problems(ProjectFiles.committedCrdDir());

    assertThat(problems)
        .as("crds/ is out of date:%n - %s%s", String.join("\n - ", problems), FIX)
        .isEmpty();
  }

  @Test
  void helmChartCrdsMatchTheGeneratedOnes() {
    List<String> problems =
        new CrdDrift(ProjectFiles.expectedCrds()).problems(ProjectFiles.helmCrdDir());

    assertThat(problems)
        .as(
            "helm/presign-operator/crds/ is out of date:%n - %s%s",
            String.join("\n - ", problems), FIX)
        .isEmpty();
  }

  @Test
  void operatorCrdsMatchTheGeneratedOnes() {
    List<String> problems =
        new CrdDrift(ProjectFiles.expectedCrds())
            .problems(ProjectFiles.baseDir().resolve("operator/crds"));

    assertThat(problems)
        .as("operator/crds/ is out of date:%n - %s%s", String.join("\n - ", problems), FIX)
        .isEmpty();
  }

  @Test
  void identicalCopiesPassEvenWithWindowsLineEndings(@TempDir Path tmp) throws IOException {
    Path committed = dir(tmp, "committed", "a.yml", "kind: A\r\nspec: 1\r\n");

    assertThat(new CrdDrift(Map.of("a.yml", "kind: A\nspec: 1\n")).problems(committed)).isEmpty();
  }

  @Test
  void reportsAChangedLine(@TempDir Path tmp) throws IOException {
    Path committed = dir(tmp, "committed", "a.yml", "kind: A\nspec: 1\n");

    assertThat(new CrdDrift(Map.of("a.yml", "kind: A\nspec: 2\n")).problems(committed))
        .singleElement()
        .asString()
        .contains("a.yml differs", "line 2", "[spec: 2]", "[spec: 1]");
  }

  @Test
  void reportsAMissingAndAStaleFile(@TempDir Path tmp) throws IOException {
    Path committed = dir(tmp, "committed", "old.yml", "kind: Old\n");

    assertThat(new CrdDrift(Map.of("new.yml", "kind: New\n")).problems(committed))
        .containsExactly(
            "new.yml is missing", "old.yml is not generated any more (stale: remove it)");
  }

  @Test
  void reportsAMissingDirectory(@TempDir Path tmp) {
    assertThat(new CrdDrift(Map.of("a.yml", "kind: A\n")).problems(tmp.resolve("crds")))
        .containsExactly("crds/ does not exist");
  }

  private static Path dir(Path parent, String name, String file, String content)
      throws IOException {
    Path dir = Files.createDirectories(parent.resolve(name));
    Files.writeString(dir.resolve(file), content);
    return dir;
  }
}
