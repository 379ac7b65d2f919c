package dev.presign.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

/**
 * Where tests find the project's files: the generated CRDs (as crd-generator wrote them and as
 * post-processed for crds/), crds/, the chart and examples/.
 */
final class ProjectFiles {

  static final String UPLOAD_CLASSES_CRD = "uploadclasses.uploads.presign.dev-v1.yml";
  static final String UPLOAD_REQUESTS_CRD = "uploadrequests.uploads.presign.dev-v1.yml";

  private static final String GENERATED_DIR = "META-INF/fabric8";

  private static SortedMap<String, String> expectedCrds;

  private ProjectFiles() {}

  /** The module directory (Surefire sets {@code basedir}; otherwise the working directory). */
  static Path baseDir() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }

  static Path committedCrdDir() {
    return baseDir().resolve("crds");
  }

  static Path helmCrdDir() {
    return baseDir().resolve("helm/presign-operator/crds");
  }

  static Path examplesDir() {
    return baseDir().resolve("examples");
  }

  /** target/classes/META-INF/fabric8, where crd-generator-maven-plugin writes after compile. */
  static Path generatedCrdDir() {
    URL url =
        ProjectFiles.class.getClassLoader().getResource(GENERATED_DIR + "/" + UPLOAD_REQUESTS_CRD);
    if (url == null || !"file".equals(url.getProtocol())) {
      fail(
          "Generated CRDs not found on the classpath ("
              + GENERATED_DIR
              + "). They are written by crd-generator-maven-plugin in process-classes: run the"
              + " tests through Maven (mvn test), or run mvn process-classes first.");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What crds/ and its copies must hold: every generated CRD after {@link
   * GeneratedCrdPostProcessor} (file name → content).
   */
  static synchronized SortedMap<String, String> expectedCrds() {
    if (expectedCrds == null) {
      expectedCrds = GeneratedCrdPostProcessor.processAll(generatedCrdDir());
    }
    return expectedCrds;
  }

  /** A CRD as committed: generated, then post-processed. */
  static CustomResourceDefinition generatedCrd(String fileName) {
    String yaml = expectedCrds().get(fileName);
    if (yaml == null) {
      fail("no generated CRD " + fileName + " in " + generatedCrdDir());
    }
    return GeneratedCrdPostProcessor.parse(yaml);
  }

  /** A CRD exactly as crd-generator wrote it, before post-processing. */
  static String rawGeneratedCrd(String fileName) {
    try {
      return Files.readString(generatedCrdDir().resolve(fileName));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
