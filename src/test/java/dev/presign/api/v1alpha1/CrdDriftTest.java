package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed CRDs (crds/, the Helm chart's crds/ and operator/crds/) must be byte-for-byte the
 * ones generated from the Java model in this build. A missing copy is a failure, not a skip.
 */
class CrdDriftTest {

  static final String FIX =
      "\nThe Java model in dev.presign.api changed but the committed CRDs did not. Fix:\n"
          + "  mvn process-classes && cp target/classes/META-INF/fabric8/*.yml crds/\n"
          + "  scripts/render-operator-manifests.sh   (copies crds/ into helm/presign-operator/crds/\n"
          + "  and operator/crds/, and regenerates operator/), then commit.";

  @Test
  void committedCrdsMatchTheGeneratedOnes() {
    List<String> problems =
        new CrdDrift(ProjectFiles.generatedCrdDir()).problems(ProjectFiles.committedCrdDir());

    assertThat(problems)
        .as("crds/ is out of date:%n - %s%s", String.join("\n - ", problems), FIX)
        .isEmpty();
  }

  @Test
  void helmChartCrdsMatchTheGeneratedOnes() {
    List<String> problems =
        new CrdDrift(ProjectFiles.generatedCrdDir()).problems(ProjectFiles.helmCrdDir());

    assertThat(problems)
        .as(
            "helm/presign-operator/crds/ is out of date:%n - %s%s",
            String.join("\n - ", problems), FIX)
        .isEmpty();
  }

  @Test
  void operatorCrdsMatchTheGeneratedOnes() {
    List<String> problems =
        new CrdDrift(ProjectFiles.generatedCrdDir())
            .problems(ProjectFiles.baseDir().resolve("operator/crds"));

    assertThat(problems)
        .as("operator/crds/ is out of date:%n - %s%s", String.join("\n - ", problems), FIX)
        .isEmpty();
  }

  @Test
  void identicalCopiesPassEvenWithWindowsLineEndings(@TempDir Path tmp) throws IOException {
    Path generated = dir(tmp, "generated", "a.yml", "kind: A\nspec: 1\n");
    Path committed = dir(tmp, "committed", "a.yml", "kind: A\r\nspec: 1\r\n");

    assertThat(new CrdDrift(generated).problems(committed)).isEmpty();
  }

  @Test
  void reportsAChangedLine(@TempDir Path tmp) throws IOException {
    Path generated = dir(tmp, "generated", "a.yml", "kind: A\nspec: 2\n");
    Path committed = dir(tmp, "committed", "a.yml", "kind: A\nspec: 1\n");

    assertThat(new CrdDrift(generated).problems(committed))
        .singleElement()
        .asString()
        .contains("a.yml differs", "line 2", "[spec: 2]", "[spec: 1]");
  }

  @Test
  void reportsAMissingAndAStaleFile(@TempDir Path tmp) throws IOException {
    Path generated = dir(tmp, "generated", "new.yml", "kind: New\n");
    Path committed = dir(tmp, "committed", "old.yml", "kind: Old\n");

    assertThat(new CrdDrift(generated).problems(committed))
        .containsExactly(
            "new.yml is missing", "old.yml is not generated any more (stale: remove it)");
  }

  @Test
  void reportsAMissingDirectory(@TempDir Path tmp) throws IOException {
    Path generated = dir(tmp, "generated", "a.yml", "kind: A\n");

    assertThat(new CrdDrift(generated).problems(tmp.resolve("crds")))
        .containsExactly("crds/ does not exist");
  }

  private static Path dir(Path parent, String name, String file, String content)
      throws IOException {
    Path dir = Files.createDirectories(parent.resolve(name));
    Files.writeString(dir.resolve(file), content);
    return dir;
  }
}
