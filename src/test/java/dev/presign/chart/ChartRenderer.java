package dev.presign.chart;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Runs the Helm 3 embedded by helm-java on the chart: {@code helm lint} and {@code helm template},
 * with values given as YAML text (written to a temporary values file, as a user would pass -f).
 */
final class ChartRenderer {

  /**
   * The Kubernetes version to render for. Helm built without its release flags (as embedded by
   * helm-java) assumes v1.20, below the chart's kubeVersion (>=1.25). The templates read nothing
   * from .Capabilities (a test checks), so any version the chart accepts renders the same.
   */
  static final String KUBE_VERSION = "v1.31.0";

  private final Path chartDir;

  ChartRenderer(Path chartDir) {
    this.chartDir = chartDir;
  }

  static ChartRenderer forProject() {
    return new ChartRenderer(ChartFiles.chartDir());
  }

  /**
   * {@code helm template presign <chart> --namespace presign-system}: the default rendering that
   * operator/ must equal. Like the helm CLI without --include-crds it holds no CRDs; the chart's
   * crds/ is compared with crds/ byte for byte instead.
   */
  Rendering renderDefaults() {
    return render(ChartFiles.DEFAULT_RELEASE, ChartFiles.DEFAULT_NAMESPACE, null);
  }

  Rendering render(String valuesYaml) {
    return render(ChartFiles.DEFAULT_RELEASE, ChartFiles.DEFAULT_NAMESPACE, valuesYaml);
  }

  /**
   * @param valuesYaml values file content, or null for the chart's defaults
   * @throws IllegalStateException with Helm's message when rendering fails (e.g. a fail or required
   *     in a template, or values that violate values.schema.json)
   */
  Rendering render(String release, String namespace, String valuesYaml) {
    return Rendering.parse(renderText(release, namespace, valuesYaml));
  }

  String renderText(String release, String namespace, String valuesYaml) {
    return withValuesFile(
        valuesYaml,
        values -> {
          TemplateCommand template =
              new Helm(chartDir)
                  .template()
                  .withName(release)
                  .withNamespace(namespace)
                  .withKubeVersion(KUBE_VERSION);
          return (values == null ? template : template.withValuesFile(values)).call();
        });
  }

  /**
   * NOTES.txt as {@code helm install --dry-run=client} prints it (helm template does not render
   * NOTES). Needs no cluster.
   */
  String notes(String valuesYaml) {
    return withValuesFile(
        valuesYaml,
        values -> {
          InstallCommand install =
              new Helm(chartDir)
                  .install()
                  .withName(ChartFiles.DEFAULT_RELEASE)
                  .withNamespace(ChartFiles.DEFAULT_NAMESPACE)
                  .withKubeVersion(KUBE_VERSION)
                  .clientOnly()
                  .withDryRunOption(DryRun.CLIENT);
          return (values == null ? install : install.withValuesFile(values)).call().getOutput();
        });
  }

  /**
   * {@code helm lint --strict} with the chart's own values (helm-java's lint takes no values file;
   * non-default values are checked against values.schema.json by {@link #render}).
   */
  LintResult lint() {
    return new Helm(chartDir).lint().strict().call();
  }

  /** Runs {@code helm} with the values in a temporary file (null: no values file). */
  private static <T> T withValuesFile(String valuesYaml, Function<Path, T> helm) {
    if (valuesYaml == null) {
      return helm.apply(null);
    }
    Path values = null;
    try {
      values = Files.createTempFile("presign-values-", ".yaml");
      Files.writeString(values, valuesYaml);
      return helm.apply(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(values);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temporary file is harmless
    }
  }
}
