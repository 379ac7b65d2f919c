package dev.presign.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presign.fields.FieldLimits;
import dev.presign.fields.UploadField;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.signing.MetadataRules;
import io.vertx.core.MultiMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Uppy sends to create an upload through the Companion routes: {@code filename}, {@code type}
 * and {@code metadata} (every {@code file.meta} field), as the query of {@code GET /s3/params}
 * ({@code metadata[k]=v}) or the JSON body of {@code POST /s3/multipart}. Neither carries the
 * file's size, so it comes from {@code metadata[size]}, which the app sets (Uppy's {@code
 * file.meta} has no size of its own); without it the exact-size rule could not hold.
 *
 * <p>Of the metadata, {@value #SIZE} is the size, and {@code name}, {@code type} and {@code
 * relativePath} (which Uppy adds by itself: the file's name and type, already sent as {@code
 * filename} and {@code type}, and the folder it was picked from, which is the user's business) are
 * dropped. Every other key is stored with the object as {@code x-amz-meta-*}, under the same rules
 * and limits as the seed API's {@code metadata} (apps choose what Uppy sends with its {@code
 * allowedMetaFields} option).
 */
public record CompanionCreate(
    String fileName, String contentType, long fileSize, Map<String, String> metadata) {

  /** The metadata key that carries the file's exact size in bytes. */
  public static final String SIZE = "size";

  /** Metadata keys Uppy sets by itself that are not stored with the object (lowercase). */
  static final Set<String> DROPPED = Set.of("name", "type", "relativepath");

  static final String FILENAME = "filename";
  static final String TYPE = "type";
  static final String METADATA = "metadata";
  static final String SIZE_FIELD = "metadata[" + SIZE + "]";

  /**
   * Uppy sends every meta field, so more arrive than end up stored; this bounds what is read at all
   * (the stored ones are then held to {@link FieldLimits#MAX_METADATA_ENTRIES}).
   */
  static final int MAX_METADATA_PARAMETERS = 64;

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
  private static final String SIZE_RULE =
      "must be the file's exact size in bytes: set it in Uppy's file.meta (for example"
          + " uppy.on('file-added', f => uppy.setFileMeta(f.id, {size: f.size})))";

  /**
   * {@code GET /s3/params?filename=&type=&metadata[k]=v}: a single POST or PUT, so at most {@link
   * FieldLimits#MAX_SINGLE_UPLOAD_BYTES} bytes.
   *
   * @throws ApiError 400 naming the parameter that is wrong
   */
  public static CompanionCreate fromQuery(MultiMap query, ContentTypePolicy contentTypes) {
    String fileName = once(query, FILENAME);
    String type = once(query, TYPE);
    Map<String, String> metadata = new LinkedHashMap<>();
    int count = 0;
    for (String name : query.names()) {
      if (!name.startsWith(METADATA + "[") || !name.endsWith("]")) {
        continue; // Companion ignores unknown parameters too
      }
      if (++count > MAX_METADATA_PARAMETERS) {
        throw ApiError.field(
            METADATA, "must have at most " + MAX_METADATA_PARAMETERS + " metadata[...] parameters");
      }
      String key = name.substring(METADATA.length() + 1, name.length() - 1);
      metadata.put(key, once(query, name));
    }
    return of(fileName, type, metadata, FieldLimits.MAX_SINGLE_UPLOAD_BYTES, contentTypes);
  }

  /**
   * {@code POST /s3/multipart} with {@code {filename, type, metadata}}: up to S3's object limit.
   * Uppy 6 sends meta values as they are (a number for a size, null for an absent relativePath).
   *
   * @throws ApiError 400 naming the field that is wrong
   */
  public static CompanionCreate fromJson(JsonNode root, ContentTypePolicy contentTypes) {
    if (root == null || !root.isObject()) {
      throw ApiError.field(
          UploadField.HTTP_NON_FIELD_ERRORS,
          "the request body must be a JSON object such as {\"filename\": \"a.mp4\", \"type\":"
              + " \"video/mp4\", \"metadata\": {\"size\": \"104857600\"}}");
    }
    String fileName = text(root, FILENAME);
    String type = text(root, TYPE);
    JsonNode meta = root.get(METADATA);
    Map<String, String> metadata = new LinkedHashMap<>();
    if (meta != null && !meta.isNull()) {
      if (!meta.isObject() || meta.size() > MAX_METADATA_PARAMETERS) {
        throw ApiError.field(
            METADATA, "must be an object of at most " + MAX_METADATA_PARAMETERS + " values");
      }
      Iterator<Map.Entry<String, JsonNode>> fields = meta.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode value = field.getValue();
        if (value.isNull()) {
          continue;
        }
        if (!value.isValueNode()) {
          throw ApiError.field(
              METADATA + "[" + echo(field.getKey()) + "]",
              "must be a string, a number or a boolean");
        }
        metadata.put(field.getKey(), value.asText());
      }
    }
    return of(fileName, type, metadata, FieldLimits.MAX_OBJECT_BYTES, contentTypes);
  }

  /** The same upload as the seed API's body, in the caller's namespace. */
  CreateUploadBody toBody(String uploadClass, boolean multipart) {
    return new CreateUploadBody(
        fileName, fileSize, contentType, null, uploadClass, null, null, metadata, multipart);
  }

  private static CompanionCreate of(
      String fileName,
      String type,
      Map<String, String> given,
      long maxSize,
      ContentTypePolicy contentTypes) {
    if (fileName == null || fileName.isEmpty()) {
      throw ApiError.field(FILENAME, "is required: the file's name");
    }
    if (fileName.length() > FieldLimits.MAX_ORIGINAL_FILE_NAME_LENGTH) {
      throw ApiError.field(
          FILENAME, "must be 1 to " + FieldLimits.MAX_ORIGINAL_FILE_NAME_LENGTH + " characters");
    }
    // Uppy sends an empty type for a file the browser could not type: the extension decides then.
    String contentType = type == null || type.isEmpty() ? null : type;
    if (contentType != null && !contentTypes.isWellFormed(contentType)) {
      throw ApiError.field(
          TYPE,
          "must be a media type such as application/pdf or image/png (type/subtype, visible ASCII,"
              + " at most "
              + FieldLimits.MAX_CONTENT_TYPE_LENGTH
              + " characters)");
    }
    Long size = null;
    Map<String, String> stored = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : given.entrySet()) {
      String key = entry.getKey().toLowerCase(Locale.ROOT);
      if (key.equals(SIZE)) {
        if (size != null) {
          throw ApiError.field(SIZE_FIELD, "must be given once (S3 lowercases metadata keys)");
        }
        size = size(entry.getValue(), maxSize);
      } else if (!DROPPED.contains(key)) {
        stored.put(entry.getKey(), entry.getValue());
      }
    }
    if (size == null) {
      throw ApiError.field(SIZE_FIELD, "is required: " + SIZE_RULE);
    }
    java.util.Optional<String> problem = MetadataRules.problem(stored);
    if (problem.isPresent()) {
      throw ApiError.field(
          METADATA,
          problem.get()
              + " (size, name, type and relativePath are not stored; Uppy's allowedMetaFields"
              + " option chooses what is sent)");
    }
    return new CompanionCreate(fileName, contentType, size, stored.isEmpty() ? null : stored);
  }

  private static long size(String raw, long maxSize) {
    if (raw == null || !DIGITS.matcher(raw.trim()).matches()) {
      throw ApiError.field(SIZE_FIELD, SIZE_RULE);
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiError.field(SIZE_FIELD, SIZE_RULE);
    }
    if (value < 1) {
      throw ApiError.field(SIZE_FIELD, "must be at least 1 byte");
    }
    if (value > maxSize) {
      throw ApiError.field(
          SIZE_FIELD,
          maxSize == FieldLimits.MAX_SINGLE_UPLOAD_BYTES
              ? "is over "
                  + maxSize
                  + " bytes (5 GiB), the most one POST or PUT can carry: upload it in parts"
                  + " (POST /s3/multipart; Uppy does so with shouldUseMultipart)"
              : "is over " + maxSize + " bytes (5 TiB), the most one S3 object can hold");
    }
    return value;
  }

  /** A query parameter given at most once (which of two would count is ambiguous). */
  private static String once(MultiMap query, String name) {
    List<String> values = query.getAll(name);
    if (values.size() > 1) {
      throw ApiError.field(echo(name), "must be given once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiError.field(field, "must be a string");
    }
    return node.asText();
  }

  /** A client-chosen name, safe to echo in an error. */
  private static String echo(String name) {
    return dev.presign.signing.EchoSafeText.of(name, 64);
  }
}
