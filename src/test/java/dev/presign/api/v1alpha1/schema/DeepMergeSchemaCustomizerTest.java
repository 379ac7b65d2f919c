package dev.presign.api.v1alpha1.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class DeepMergeSchemaCustomizerTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void mergesNestedObjectsAndKeepsSiblings() {
    JsonNode merged =
        DeepMergeSchemaCustomizer.merge(
            json("{\"a\":{\"b\":1,\"c\":{\"d\":2}},\"e\":3}"), json("{\"a\":{\"c\":{\"x\":4}}}"));

    assertThat(merged).isEqualTo(json("{\"a\":{\"b\":1,\"c\":{\"d\":2,\"x\":4}},\"e\":3}"));
  }

  @Test
  void nullRemovesAndScalarsOrArraysReplace() {
    JsonNode merged =
        DeepMergeSchemaCustomizer.merge(
            json("{\"a\":1,\"b\":[1,2],\"c\":{\"d\":1}}"), json("{\"a\":null,\"b\":[3],\"c\":5}"));

    assertThat(merged).isEqualTo(json("{\"b\":[3],\"c\":5}"));
  }

  @Test
  void patchesTheItemsOfOneListAndLeavesTheOtherPropertiesAlone() {
    JSONSchemaProps schema =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties(
                "list",
                new JSONSchemaPropsBuilder()
                    .withType("array")
                    .withNewItems()
                    .withSchema(new JSONSchemaPropsBuilder().withType("string").build())
                    .endItems()
                    .build())
            .addToProperties("other", new JSONSchemaPropsBuilder().withType("integer").build())
            .build();

    JSONSchemaProps result =
        new DeepMergeSchemaCustomizer()
            .apply(
                schema, "{\"properties\":{\"list\":{\"items\":{\"maxLength\":7}}}}", serialization);

    assertThat(result.getProperties()).containsOnlyKeys("list", "other");
    assertThat(result.getProperties().get("other").getType()).isEqualTo("integer");
    JSONSchemaProps items = result.getProperties().get("list").getItems().getSchema();
    assertThat(items.getType()).isEqualTo("string");
    assertThat(items.getMaxLength()).isEqualTo(7L);
  }

  private JsonNode json(String text) {
    return serialization.unmarshal(text, JsonNode.class);
  }
}
