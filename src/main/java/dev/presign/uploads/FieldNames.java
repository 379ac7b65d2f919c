package dev.presign.uploads;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One table between the HTTP API's snake_case field names (also used by the signer and naming
 * errors) and the UploadRequest fields they land in, read both ways: a refusal names the field the
 * reader wrote, whether they wrote YAML or JSON.
 */
public final class FieldNames {
  private static final Map<String, String> API_TO_SPEC = new LinkedHashMap<>();

  static {
    API_TO_SPEC.put("original_file_name", "spec.originalFileName");
    API_TO_SPEC.put("file_size", "spec.fileSize");
    API_TO_SPEC.put("file_type", "spec.contentType");
    API_TO_SPEC.put("upload_to", "spec.uploadTo");
    API_TO_SPEC.put("upload_class", "spec.uploadClassName");
    API_TO_SPEC.put("expires_in", "spec.expiresInSeconds");
    API_TO_SPEC.put("metadata", "spec.metadata");
    API_TO_SPEC.put("checksum_sha256", "spec.checksumSHA256");
    API_TO_SPEC.put("namespace", "metadata.namespace");
    API_TO_SPEC.put("key_prefix", "uploadClass.spec.keyPrefix");
    API_TO_SPEC.put("bucket", "uploadClass.spec.bucket");
    API_TO_SPEC.put("success_action_status", "uploadClass.spec.successActionStatus");
  }

  private FieldNames() {}

  /** {@code upload_to} → {@code spec.uploadTo}; an unknown name is returned as it is. */
  public static String specField(String apiField) {
    if ("file_name".equals(apiField)) {
      return "spec.originalFileName"; // the derived name comes from the original one
    }
    return API_TO_SPEC.getOrDefault(apiField, apiField);
  }

  /**
   * {@code spec.uploadTo} → {@code upload_to}; a field the API has no name for → {@code
   * non_field_errors}.
   */
  public static String apiField(String specField) {
    for (Map.Entry<String, String> entry : API_TO_SPEC.entrySet()) {
      if (entry.getValue().equals(specField) && !specField.startsWith("uploadClass.")) {
        return entry.getKey();
      }
    }
    return "non_field_errors";
  }
}
