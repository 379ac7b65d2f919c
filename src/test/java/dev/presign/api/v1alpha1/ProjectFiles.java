package dev.presign.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the project's files: the generated CRDs, crds/, the chart and examples/. */
final class ProjectFiles {

  static final String UPLOAD_CLASSES_CRD = "uploadclasses.uploads.presign.dev-v1.yml";
  static final String UPLOAD_REQUESTS_CRD = "uploadrequests.uploads.presign.dev-v1.yml";

  private static final String GENERATED_DIR = "META-INF/fabric8";

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

  static CustomResourceDefinition generatedCrd(String fileName) {
    try (InputStream in = Files.newInputStream(generatedCrdDir().resolve(fileName))) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
