package dev.presign.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.presign.api.v1alpha1.SchemaConstraints;
import dev.presign.fields.FieldLimits;
import dev.presign.fields.UploadField;
import dev.presign.naming.ContentTypePolicy;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/uploads/}, in the seed's snake_case: {@code original_file_name}
 * and {@code file_size} (a number or a string of digits, as DRF accepts), and optionally {@code
 * file_type}, {@code upload_to}, {@code upload_class}, {@code namespace}, {@code expires_in},
 * {@code metadata}, {@code multipart}. Unknown fields are ignored, as DRF does; duplicate keys are
 * refused, since which one wins is ambiguous, and so is anything after the object. Field names come
 * from {@link UploadField}, limits from {@link FieldLimits} and {@link SchemaConstraints}.
 */
public record CreateUploadBody(
    String originalFileName,
    long fileSize,
    String fileType,
    String uploadTo,
    String uploadClass,
    String namespace,
    Integer expiresIn,
    Map<String, String> metadata,
    boolean multipart) {

  private static final int MAX_FILE_NAME = FieldLimits.MAX_ORIGINAL_FILE_NAME_LENGTH;
  private static final int MAX_EXPIRES_IN = FieldLimits.SIGV4_MAX_EXPIRES_IN_SECONDS;
  private static final String ORIGINAL_FILE_NAME = name(UploadField.ORIGINAL_FILE_NAME);
  private static final String FILE_SIZE = name(UploadField.FILE_SIZE);
  private static final String FILE_TYPE = name(UploadField.CONTENT_TYPE);
  private static final String UPLOAD_TO = name(UploadField.UPLOAD_TO);
  private static final String UPLOAD_CLASS = name(UploadField.UPLOAD_CLASS);
  private static final String NAMESPACE = name(UploadField.NAMESPACE);
  private static final String EXPIRES_IN = name(UploadField.EXPIRES_IN);
  private static final String METADATA = name(UploadField.METADATA);
  private static final String MULTIPART = name(UploadField.MULTIPART);
  private static final String NON_FIELD_ERRORS = UploadField.HTTP_NON_FIELD_ERRORS;
  // Looser than SchemaConstraints.DNS_SUBDOMAIN_PATTERN ("a..b" passes): such a name is refused
  // later (CRD schema, UploadPolicy) with that answer, which tightening this would change.
  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern NAMESPACE_NAME =
      Pattern.compile(SchemaConstraints.DNS_LABEL_PATTERN);
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
      throw ApiError.field(NON_FIELD_ERRORS, "the request body " + why);
    }
    if (root == null || !root.isObject()) {
      throw ApiError.field(
          NON_FIELD_ERRORS,
          "the request body must be a JSON object such as {\"original_file_name\": \"a.pdf\", \"file_size\": 1024}");
    }
    String name =
        requiredText(
            root, ORIGINAL_FILE_NAME, "the file's name, 1 to " + MAX_FILE_NAME + " characters");
    if (name.length() > MAX_FILE_NAME) {
      throw ApiError.field(ORIGINAL_FILE_NAME, "must be 1 to " + MAX_FILE_NAME + " characters");
    }
    boolean multipart = multipart(root.get(MULTIPART));
    long size = fileSize(root.get(FILE_SIZE), multipart);
    String fileType = optionalText(root, FILE_TYPE, "a media type such as application/pdf");
    if (fileType != null && !contentTypes.isWellFormed(fileType)) {
      throw ApiError.field(
          FILE_TYPE,
          "must be a media type such as application/pdf or image/png (type/subtype, visible ASCII,"
              + " at most "
              + FieldLimits.MAX_CONTENT_TYPE_LENGTH
              + " characters)");
    }
    String uploadTo = optionalText(root, UPLOAD_TO, "a folder such as uploads or avatars/2024");
    if (uploadTo != null && uploadTo.length() > FieldLimits.MAX_FOLDER_LENGTH) {
      throw ApiError.field(
          UPLOAD_TO, "must be at most " + FieldLimits.MAX_FOLDER_LENGTH + " characters");
    }
    String uploadClass = optionalText(root, UPLOAD_CLASS, "the name of an UploadClass");
    if (uploadClass != null && !DNS_NAME.matcher(uploadClass).matches()) {
      throw ApiError.field(
          UPLOAD_CLASS,
          "must be the name of an UploadClass (lowercase letters, digits, '-' and '.')");
    }
    String namespace = optionalText(root, NAMESPACE, "a namespace name");
    if (namespace != null
        && (namespace.length() > SchemaConstraints.MAX_NAMESPACE_LENGTH
            || !NAMESPACE_NAME.matcher(namespace).matches())) {
      throw ApiError.field(
          NAMESPACE,
          "must be a namespace name (lowercase letters, digits and '-', at most "
              + SchemaConstraints.MAX_NAMESPACE_LENGTH
              + ")");
    }
    Integer expiresIn = expiresIn(root.get(EXPIRES_IN));
    return new CreateUploadBody(
        name,
        size,
        fileType,
        uploadTo,
        uploadClass,
        namespace,
        expiresIn,
        metadata(root.get(METADATA)),
        multipart);
  }

  /**
   * Only an explicit {@code true} asks for multipart: the seed's frontends send no such field and
   * read {@code presigned_post_data}, so the class's threshold never switches them over.
   */
  private static boolean multipart(JsonNode node) {
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw ApiError.field(
          MULTIPART, "must be true (upload in parts, signed one by one) or false (the default)");
    }
    return node.asBoolean();
  }

  /** Whether {@code name} may name an UploadClass (checked again, exactly, later). */
  static boolean isClassName(String name) {
    return DNS_NAME.matcher(name).matches();
  }

  private static long fileSize(JsonNode node, boolean multipart) {
    String rule =
        "must be the file's size in bytes, a whole number from 1 to "
            + (multipart ? FieldLimits.MAX_OBJECT_BYTES : FieldLimits.MAX_SINGLE_UPLOAD_BYTES)
            + " (a number or a string of digits)";
    if (node == null || node.isNull()) {
      throw ApiError.field(FILE_SIZE, "is required: " + rule);
    }
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.asLong();
    } else if (node.isTextual() && DIGITS.matcher(node.asText()).matches()) {
      try {
        value = Long.parseLong(node.asText().trim());
      } catch (NumberFormatException e) {
        throw ApiError.field(FILE_SIZE, rule);
      }
    } else {
      throw ApiError.field(FILE_SIZE, rule);
    }
    if (value > FieldLimits.MAX_SINGLE_UPLOAD_BYTES && !multipart) {
      throw ApiError.field(
          FILE_SIZE,
          "is over "
              + FieldLimits.MAX_SINGLE_UPLOAD_BYTES
              + " bytes (5 GiB), the most one POST or PUT can carry: send \"multipart\": true to"
              + " upload it in parts");
    }
    if (value < 1 || value > FieldLimits.MAX_OBJECT_BYTES) {
      throw ApiError.field(FILE_SIZE, rule);
    }
    return value;
  }

  private static Integer expiresIn(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String rule = "must be a whole number of seconds from 1 to " + MAX_EXPIRES_IN;
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.asLong();
    } else if (node.isTextual()
        && DIGITS.matcher(node.asText()).matches()
        // As many characters as the largest value has digits, and one for a '+' or leading zero.
        && node.asText().trim().length() <= String.valueOf(MAX_EXPIRES_IN).length() + 1) {
      value = Long.parseLong(node.asText().trim());
    } else {
      throw ApiError.field(EXPIRES_IN, rule);
    }
    if (value < 1 || value > MAX_EXPIRES_IN) {
      throw ApiError.field(EXPIRES_IN, rule);
    }
    return (int) value;
  }

  private static Map<String, String> metadata(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject() || node.size() > FieldLimits.MAX_METADATA_ENTRIES) {
      throw ApiError.field(
          METADATA,
          "must be an object of at most " + FieldLimits.MAX_METADATA_ENTRIES + " string values");
    }
    Map<String, String> result = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isTextual()) {
        throw ApiError.field(METADATA, "values must be strings");
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

  /** The HTTP name of an input the body carries. */
  private static String name(UploadField field) {
    return field
        .httpName()
        .orElseThrow(() -> new IllegalStateException(field + " has no HTTP name"));
  }
}
