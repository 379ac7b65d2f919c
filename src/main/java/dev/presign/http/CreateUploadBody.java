package dev.presign.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.signing.PostPolicyRequest;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/uploads/}, in the seed's snake_case: {@code original_file_name}
 * and {@code file_size} (a number or a string of digits, as DRF accepts), and optionally {@code
 * file_type}, {@code upload_to}, {@code upload_class}, {@code namespace}, {@code expires_in},
 * {@code metadata}. Unknown fields are ignored, as DRF does; duplicate keys are refused, since
 * which one wins is ambiguous, and so is anything after the object.
 */
public record CreateUploadBody(
    String originalFileName,
    long fileSize,
    String fileType,
    String uploadTo,
    String uploadClass,
    String namespace,
    Integer expiresIn,
    Map<String, String> metadata) {

  private static final int MAX_FILE_NAME = 4096;
  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DIGITS = Pattern.compile("\\s*\\+?[0-9]{1,19}\\s*");
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          // {"a": 1}{"b": 2} or {"a": 1}junk: which part counts is as ambiguous as a repeated key.
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(16)
                .maxNumberLength(64)
                .maxStringLength(64 * 1024)
                .build());
  }

  /**
   * @throws ApiError 400 naming the first field that is wrong
   */
  public static CreateUploadBody parse(String body, ContentTypePolicy contentTypes) {
    JsonNode root;
    try {
      // An empty body arrives as null.
      root = JSON.readTree(body == null ? "" : body);
    } catch (IOException e) {
      String why =
          e.getMessage() != null && e.getMessage().contains("Duplicate field")
              ? "must not repeat a key"
              : "must be a JSON object";
      throw ApiError.field("non_field_errors", "the request body " + why);
    }
    if (root == null || !root.isObject()) {
      throw ApiError.field(
          "non_field_errors",
          "the request body must be a JSON object such as {\"original_file_name\": \"a.pdf\", \"file_size\": 1024}");
    }
    String name =
        requiredText(
            root, "original_file_name", "the file's name, 1 to " + MAX_FILE_NAME + " characters");
    if (name.length() > MAX_FILE_NAME) {
      throw ApiError.field("original_file_name", "must be 1 to " + MAX_FILE_NAME + " characters");
    }
    long size = fileSize(root.get("file_size"));
    String fileType = optionalText(root, "file_type", "a media type such as application/pdf");
    if (fileType != null && !contentTypes.isWellFormed(fileType)) {
      throw ApiError.field(
          "file_type",
          "must be a media type such as application/pdf or image/png (type/subtype, visible ASCII, at most 255 characters)");
    }
    String uploadTo = optionalText(root, "upload_to", "a folder such as uploads or avatars/2024");
    if (uploadTo != null && uploadTo.length() > 256) {
      throw ApiError.field("upload_to", "must be at most 256 characters");
    }
    String uploadClass = optionalText(root, "upload_class", "the name of an UploadClass");
    if (uploadClass != null && !DNS_NAME.matcher(uploadClass).matches()) {
      throw ApiError.field(
          "upload_class",
          "must be the name of an UploadClass (lowercase letters, digits, '-' and '.')");
    }
    String namespace = optionalText(root, "namespace", "a namespace name");
    if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
      throw ApiError.field(
          "namespace", "must be a namespace name (lowercase letters, digits and '-', at most 63)");
    }
    Integer expiresIn = expiresIn(root.get("expires_in"));
    return new CreateUploadBody(
        name,
        size,
        fileType,
        uploadTo,
        uploadClass,
        namespace,
        expiresIn,
        metadata(root.get("metadata")));
  }

  private static long fileSize(JsonNode node) {
    String rule =
        "must be the file's size in bytes, a whole number from 1 to "
            + PostPolicyRequest.MAX_POST_SIZE
            + " (a number or a string of digits)";
    if (node == null || node.isNull()) {
      throw ApiError.field("file_size", "is required: " + rule);
    }
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.asLong();
    } else if (node.isTextual() && DIGITS.matcher(node.asText()).matches()) {
      try {
        value = Long.parseLong(node.asText().trim());
      } catch (NumberFormatException e) {
        throw ApiError.field("file_size", rule);
      }
    } else {
      throw ApiError.field("file_size", rule);
    }
    if (value < 1 || value > PostPolicyRequest.MAX_POST_SIZE) {
      throw ApiError.field("file_size", rule);
    }
    return value;
  }

  private static Integer expiresIn(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String rule = "must be a whole number of seconds from 1 to 604800";
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.asLong();
    } else if (node.isTextual()
        && DIGITS.matcher(node.asText()).matches()
        && node.asText().trim().length() <= 7) {
      value = Long.parseLong(node.asText().trim());
    } else {
      throw ApiError.field("expires_in", rule);
    }
    if (value < 1 || value > 604800) {
      throw ApiError.field("expires_in", rule);
    }
    return (int) value;
  }

  private static Map<String, String> metadata(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject() || node.size() > 32) {
      throw ApiError.field("metadata", "must be an object of at most 32 string values");
    }
    Map<String, String> result = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isTextual()) {
        throw ApiError.field("metadata", "values must be strings");
      }
      result.put(field.getKey(), field.getValue().asText());
    }
    return result;
  }

  private static String requiredText(JsonNode root, String field, String what) {
    String value = optionalText(root, field, what);
    if (value == null || value.isEmpty()) {
      throw ApiError.field(field, "is required: " + what);
    }
    return value;
  }

  private static String optionalText(JsonNode root, String field, String what) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiError.field(field, "must be a string: " + what);
    }
    return node.asText();
  }
}
