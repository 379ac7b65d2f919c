package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The commented {@code cors:} and {@code abortIncompleteMultipartUploadDays:} lines of
 * examples/upload-class.yaml are valid once uncommented (ExamplesTest sees only live YAML).
 */
class CommentedCorsExampleTest {
  private static final Pattern COMMENTED = Pattern.compile("^  # ?");

  @Test
  void uncommentedTheyMatchTheCrdAndTheModel() throws Exception {
    List<String> lines =
        Files.readAllLines(ProjectFiles.examplesDir().resolve("upload-class.yaml"));
    StringBuilder yaml = new StringBuilder();
    boolean inBlock = false;
    int uncommented = 0;
    for (String line : lines) {
      if (line.startsWith("  # cors:")) {
        inBlock = true;
      }
      if (inBlock && line.startsWith("  #")) {
        // Drop the comment marker and the trailing explanation.
        String live = "  " + COMMENTED.matcher(line).replaceFirst("");
        int note = live.indexOf(" # ");
        yaml.append(note < 0 ? live : live.substring(0, note)).append('\n');
        uncommented++;
        if (line.startsWith("  # abortIncompleteMultipartUploadDays:")) {
          inBlock = false;
        }
      } else {
        inBlock = false;
        yaml.append(line).append('\n');
      }
    }
    assertThat(uncommented).isEqualTo(6);

    JsonNode resource = new ObjectMapper(new YAMLFactory()).readTree(yaml.toString());
    JSONSchemaProps spec =
        ProjectFiles.generatedCrd(ProjectFiles.UPLOAD_CLASSES_CRD)
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec");
    assertThat(new SchemaCheck().violations(spec, resource.path("spec"), "spec")).isEmpty();

    UploadClass uploadClass = Serialization.unmarshal(resource.toString(), UploadClass.class);
    assertThat(uploadClass.getSpec().getCors().getAllowedOrigins())
        .containsExactly("https://app.example.com", "http://localhost:3000");
    assertThat(uploadClass.getSpec().getCors().getMaxAgeSeconds()).isEqualTo(3600);
    assertThat(uploadClass.getSpec().getAbortIncompleteMultipartUploadDays()).isEqualTo(7);
  }
}
