package dev.presign.uploads;

import dev.presign.fields.UploadField;

/**
 * The HTTP name of the field a refusal names by its CRD path.
 *
 * @deprecated the names live in one table, {@link UploadField}; use {@link
 *     UploadField#httpErrorFieldFor(String)}. Kept as a delegate for callers not yet moved.
 */
@Deprecated
public final class FieldNames {
  private FieldNames() {}

  /**
   * {@code spec.uploadTo} → {@code upload_to}; a field the API has no name for → {@code
   * non_field_errors}.
   */
  public static String apiField(String specField) {
    return UploadField.httpErrorFieldFor(specField);
  }
}
