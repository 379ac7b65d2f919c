package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a value against a CRD's OpenAPI schema the way the API server's schema validation would,
 * for the keywords our CRDs use (type, enum, pattern, lengths, bounds, required, item and property
 * counts, int-or-string). Unknown fields are reported too (the API server would silently prune
 * them). CEL rules are not evaluated.
 */
final class SchemaCheck {

  /** The violations of {@code value} at {@code path}; empty when valid. */
  List<String> violations(JSONSchemaProps schema, JsonNode value, String path) {
    List<String> out = new ArrayList<>();
    check(schema, value, path, out);
    return out;
  }

  private void check(JSONSchemaProps schema, JsonNode value, String path, List<String> out) {
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      if (value.isTextual()) {
        checkString(schema, value.asText(), path, out);
      } else if (!value.isIntegralNumber()) {
        out.add(path + ": must be an integer or a string");
      }
      return;
    }
    String type = schema.getType();
    if (type == null) {
      return;
    }
    switch (type) {
      case "object" -> checkObject(schema, value, path, out);
      case "array" -> checkArray(schema, value, path, out);
      case "string" -> {
        if (!value.isTextual()) {
          out.add(path + ": must be a string");
        } else {
          checkString(schema, value.asText(), path, out);
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          out.add(path + ": must be an integer");
        } else {
          checkNumber(schema, value, path, out);
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(path + ": must be a boolean");
        }
      }
      default -> out.add(path + ": unexpected schema type " + type);
    }
    if (schema.getEnum() != null
        && !schema.getEnum().isEmpty()
        && !schema.getEnum().contains(value)) {
      out.add(path + ": " + value + " is not one of " + schema.getEnum());
    }
  }

  private void checkObject(JSONSchemaProps schema, JsonNode value, String path, List<String> out) {
    if (!value.isObject()) {
      out.add(path + ": must be an object");
      return;
    }
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    JSONSchemaProps additional =
        schema.getAdditionalProperties() == null
            ? null
            : schema.getAdditionalProperties().getSchema();
    if (schema.getRequired() != null) {
      for (String name : schema.getRequired()) {
        if (!value.has(name)) {
          out.add(path + "." + name + ": Required value");
        }
      }
    }
    if (schema.getMaxProperties() != null && value.size() > schema.getMaxProperties()) {
      out.add(path + ": more than " + schema.getMaxProperties() + " properties");
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String fieldPath = path + "." + field.getKey();
      if (properties != null && properties.containsKey(field.getKey())) {
        check(properties.get(field.getKey()), field.getValue(), fieldPath, out);
      } else if (additional != null) {
        check(additional, field.getValue(), fieldPath, out);
      } else if (!Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
        out.add(fieldPath + ": unknown field");
      }
    }
  }

  private void checkArray(JSONSchemaProps schema, JsonNode value, String path, List<String> out) {
    if (!value.isArray()) {
      out.add(path + ": must be an array");
      return;
    }
    if (schema.getMaxItems() != null && value.size() > schema.getMaxItems()) {
      out.add(path + ": more than " + schema.getMaxItems() + " items");
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.getItems().getSchema(), value.get(i), path + "[" + i + "]", out);
      }
    }
  }

  private void checkString(JSONSchemaProps schema, String value, String path, List<String> out) {
    int length = value.codePointCount(0, value.length());
    if (schema.getMinLength() != null && length < schema.getMinLength()) {
      out.add(path + ": shorter than " + schema.getMinLength() + " characters");
    }
    if (schema.getMaxLength() != null && length > schema.getMaxLength()) {
      out.add(path + ": longer than " + schema.getMaxLength() + " characters");
    }
    if (schema.getPattern() != null
        && !Pattern.compile(schema.getPattern()).matcher(value).find()) {
      out.add(path + ": '" + value + "' does not match " + schema.getPattern());
    }
  }

  private void checkNumber(JSONSchemaProps schema, JsonNode value, String path, List<String> out) {
    double number = value.asDouble();
    if (schema.getMinimum() != null && number < schema.getMinimum()) {
      out.add(path + ": " + value + " is less than the minimum " + schema.getMinimum().longValue());
    }
    if (schema.getMaximum() != null && number > schema.getMaximum()) {
      out.add(path + ": " + value + " is more than the maximum " + schema.getMaximum().longValue());
    }
  }
}
