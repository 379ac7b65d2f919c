package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.presign.fields.FieldLimits;
import dev.presign.fields.UploadField;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml is a static document, so it restates limits; this keeps it equal to their one
 * definition, and its create body's fields equal to the HTTP names of the field table.
 */
class OpenApiLimitsTest {
  private static JsonNode api;

  @BeforeAll
  static void read() throws Exception {
    try (InputStream in = OpenApiLimitsTest.class.getResourceAsStream("/openapi.yaml")) {
      api = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  private static JsonNode createUpload(String property) {
    return api.at("/components/schemas/CreateUpload/properties/" + property);
  }

  @Test
  void theCreateBodysLimitsAreTheFieldLimits() {
    assertThat(createUpload("original_file_name").get("maxLength").asInt())
        .isEqualTo(FieldLimits.MAX_ORIGINAL_FILE_NAME_LENGTH);
    assertThat(createUpload("file_size").at("/oneOf/0/maximum").asLong())
        .isEqualTo(FieldLimits.MAX_OBJECT_BYTES);
    assertThat(createUpload("upload_to").get("maxLength").asInt())
        .isEqualTo(FieldLimits.MAX_FOLDER_LENGTH);
    assertThat(createUpload("expires_in").get("maximum").asInt())
        .isEqualTo(FieldLimits.SIGV4_MAX_EXPIRES_IN_SECONDS);
    assertThat(createUpload("metadata").get("maxProperties").asInt())
        .isEqualTo(FieldLimits.MAX_METADATA_ENTRIES);
  }

  @Test
  void theDownloadUrlsExpiryLimitIsTheSigV4Limit() {
    JsonNode expiresIn = null;
    for (JsonNode parameter :
        api.at("/paths/~1api~1v1~1uploads~1{id}~1download-url/get/parameters")) {
      if ("expires_in".equals(parameter.path("name").asText())) {
        expiresIn = parameter;
      }
    }
    assertThat(expiresIn).isNotNull();
    assertThat(expiresIn.at("/schema/maximum").asInt())
        .isEqualTo(FieldLimits.SIGV4_MAX_EXPIRES_IN_SECONDS);
  }

  @Test
  void theCreateBodysFieldsAreTheTablesHttpNames() {
    List<String> properties = new ArrayList<>();
    api.at("/components/schemas/CreateUpload/properties")
        .fieldNames()
        .forEachRemaining(properties::add);

    assertThat(properties).isNotEmpty();
    assertThat(properties)
        .allSatisfy(name -> assertThat(UploadField.fromHttpName(name)).isPresent());
  }
}
