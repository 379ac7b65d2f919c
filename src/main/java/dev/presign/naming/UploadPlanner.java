package dev.presign.naming;

import dev.presign.fields.UploadField;
import java.util.UUID;

/**
 * Turns a request's original file name, folder and optional content type into an {@link
 * UploadPlan}: the one place the CLI, the reconciler and the HTTP API name an upload.
 */
public final class UploadPlanner {
  private final FileNameFactory fileNames;
  private final ObjectKeyFactory keys;
  private final ContentTypeResolver contentTypes;
  private final ContentTypePolicy contentTypePolicy;

  public UploadPlanner(
      FileNameFactory fileNames,
      ObjectKeyFactory keys,
      ContentTypeResolver contentTypes,
      ContentTypePolicy contentTypePolicy) {
    this.fileNames = fileNames;
    this.keys = keys;
    this.contentTypes = contentTypes;
    this.contentTypePolicy = contentTypePolicy;
  }

  public static UploadPlanner create() {
    return new UploadPlanner(
        new FileNameFactory(),
        new ObjectKeyFactory(),
        new ContentTypeResolver(),
        new ContentTypePolicy());
  }

  /**
   * The seed's layout, without a namespace in the key.
   *
   * @param requestedContentType null to derive it from the file name's extension
   * @throws InvalidNameException naming {@link UploadField#ORIGINAL_FILE_NAME}, {@link
   *     UploadField#CONTENT_TYPE}, {@link UploadField#UPLOAD_TO} or {@link UploadField#KEY_PREFIX}
   */
  public UploadPlan plan(
      UUID id,
      String originalFileName,
      String requestedContentType,
      String uploadTo,
      String keyPrefix) {
    return plan(id, originalFileName, requestedContentType, uploadTo, keyPrefix, null);
  }

  /**
   * As above; a non-null {@code keyNamespace} goes into the key between the prefix and the folder
   * ({@link ObjectKeyFactory#key(String, String, String, String)}). The plan's {@code uploadTo}
   * stays the folder the request named.
   *
   * @throws InvalidNameException also naming {@link UploadField#NAMESPACE}
   */
  public UploadPlan plan(
      UUID id,
      String originalFileName,
      String requestedContentType,
      String uploadTo,
      String keyPrefix,
      String keyNamespace) {
    if (originalFileName == null || originalFileName.isEmpty()) {
      throw new InvalidNameException(
          UploadField.ORIGINAL_FILE_NAME, "must be the file's name, at least one character");
    }
    UploadFileName fileName = fileNames.create(originalFileName, id);
    String contentType;
    if (requestedContentType == null || requestedContentType.isBlank()) {
      contentType =
          fileName.hasExtension()
              ? contentTypes.forFileName(fileName.extension())
              : ContentTypeResolver.DEFAULT_CONTENT_TYPE;
    } else if (contentTypePolicy.isWellFormed(requestedContentType.trim())) {
      contentType = requestedContentType.trim();
    } else {
      throw new InvalidNameException(
          UploadField.CONTENT_TYPE,
          "must be a media type such as application/pdf or image/png (type/subtype, at most "
              + ContentTypePolicy.MAX_LENGTH
              + " visible ASCII characters)");
    }
    String normalizedUploadTo = keys.normalizeUploadTo(uploadTo);
    String key = keys.key(keyPrefix, keyNamespace, normalizedUploadTo, fileName.fileName());
    return new UploadPlan(id, fileName.fileName(), normalizedUploadTo, key, contentType);
  }
}
