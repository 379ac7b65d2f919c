package dev.presign.chart;

import java.nio.file.Path;

/** Where the chart tests find the project's files. */
final class ChartFiles {

  static final String CHART_NAME = "presign-operator";
  static final String DEFAULT_RELEASE = "presign";
  static final String DEFAULT_NAMESPACE = "presign-system";

  private ChartFiles() {}

  /** The module directory (Surefire sets {@code basedir}; otherwise the working directory). */
  static Path baseDir() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }

  static Path chartDir() {
    return baseDir().resolve("helm").resolve(CHART_NAME);
  }

  static Path chartCrdDir() {
    return chartDir().resolve("crds");
  }

  static Path committedCrdDir() {
    return baseDir().resolve("crds");
  }

  static Path operatorDir() {
    return baseDir().resolve("operator");
  }

  static Path operatorCrdDir() {
    return operatorDir().resolve("crds");
  }
}
