package dev.presign.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;

/** The read-only test data that lives beside the project in shared/testdata. */
public final class SharedTestData {
  private SharedTestData() {}

  public static Path directory() {
    String configured = System.getProperty("shared.testdata");
    Path path = configured != null ? Path.of(configured) : Path.of("..", "shared", "testdata");
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(
          "shared test data not found at "
              + path.toAbsolutePath()
              + " (clone the project beside shared/)");
    }
    return path;
  }

  public static JsonNode sigv4Vectors() throws Exception {
    return new ObjectMapper().readTree(directory().resolve("sigv4-vectors.json").toFile());
  }
}
