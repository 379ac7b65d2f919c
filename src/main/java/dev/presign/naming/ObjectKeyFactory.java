package dev.presign.naming;

import dev.presign.fields.FieldLimits;
import dev.presign.fields.UploadField;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Builds the seed-shaped object key {@code {keyPrefix}{uploadTo}/{fileName}}, or {@code
 * {keyPrefix}{namespace}/{uploadTo}/{fileName}} for a class that keeps namespaces apart, and
 * refuses any part that could move the key outside its prefix.
 *
 * <p>The key is signed as an exact condition in the POST policy, so whatever this returns is where
 * the browser's bytes land. Each part is therefore checked on its own: segments of {@code
 * [A-Za-z0-9._-]}, never a {@code .} or {@code ..} segment, never an empty segment, and a file name
 * of the exact shape {@link FileNameFactory} produces, and a namespace that is a Kubernetes name (a
 * DNS label, so it is one segment and never {@code .} or {@code ..}). The key is ASCII by
 * construction and at most 727 characters, well under S3's limit of 1,024 UTF-8 bytes.
 */
public final class ObjectKeyFactory {

  /** Longest accepted key prefix, including its trailing {@code /}. */
  public static final int MAX_KEY_PREFIX_LENGTH = FieldLimits.MAX_FOLDER_LENGTH;

  /** Longest accepted upload folder, after trimming its outer slashes. */
  public static final int MAX_UPLOAD_TO_LENGTH = FieldLimits.MAX_FOLDER_LENGTH;

  /** S3's limit on the UTF-8 length of an object key. */
  public static final int MAX_KEY_BYTES = FieldLimits.MAX_OBJECT_KEY_BYTES;

  /** Longest Kubernetes namespace name (an RFC 1123 DNS label). */
  public static final int MAX_NAMESPACE_LENGTH = 63;

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9](?:[-a-z0-9]*[a-z0-9])?");
  private static final String SEGMENT = "[A-Za-z0-9._-]+";
  private static final Pattern KEY_PREFIX = Pattern.compile("(?:" + SEGMENT + "/)*");
  private static final Pattern UPLOAD_TO = Pattern.compile(SEGMENT + "(?:/" + SEGMENT + ")*");
  private static final Pattern DOT_SEGMENT = Pattern.compile("(?:^|/)\\.{1,2}(?:/|$)");
  private static final Pattern FILE_NAME =
      Pattern.compile(
          "[a-z0-9_-]+(?:\\.[a-z0-9]{1," + FileNameFactory.MAX_EXTENSION_LENGTH + "})?");

  private static final String KEY_PREFIX_RULE =
      "must be empty, or at most "
          + MAX_KEY_PREFIX_LENGTH
          + " characters of letters, digits, '.', '_', '-' in '/'-separated segments ending with"
          + " '/', without '.' or '..' segments";
  private static final String UPLOAD_TO_RULE =
      "must be 1 to "
          + MAX_UPLOAD_TO_LENGTH
          + " characters of letters, digits, '.', '_', '-' in '/'-separated segments, without '.'"
          + " or '..' segments";
  private static final String NAMESPACE_RULE =
      "must be a Kubernetes namespace name: 1 to "
          + MAX_NAMESPACE_LENGTH
          + " lowercase letters, digits and '-', starting and ending with a letter or digit";
  private static final String FILE_NAME_RULE =
      "must be 1 to "
          + FileNameFactory.MAX_FILE_NAME_LENGTH
          + " characters of lowercase letters, digits, '_', '-', optionally followed by one '.' and"
          + " an extension of 1 to "
          + FileNameFactory.MAX_EXTENSION_LENGTH
          + " lowercase letters or digits";

  /**
   * Returns {@code {keyPrefix}{uploadTo}/{fileName}}, with {@code uploadTo} normalized as by {@link
   * #normalizeUploadTo(String)}.
   *
   * @throws InvalidNameException naming the first part that is not allowed
   */
  public String key(String keyPrefix, String uploadTo, String fileName) {
    return key(keyPrefix, null, uploadTo, fileName);
  }

  /**
   * Returns {@code {keyPrefix}{namespace}/{uploadTo}/{fileName}}, or the seed's key when {@code
   * namespace} is null. The namespace comes before the folder the request chooses, so no folder
   * name can reach another namespace's keys: every key of namespace {@code a} starts with {@code
   * {keyPrefix}a/}.
   *
   * @param namespace null for the seed's layout, otherwise the request's namespace
   * @throws InvalidNameException naming the first part that is not allowed
   */
  public String key(String keyPrefix, String namespace, String uploadTo, String fileName) {
    String prefix = validateKeyPrefix(keyPrefix);
    String tenant = namespace == null ? "" : validateNamespace(namespace) + "/";
    String folder = normalizeUploadTo(uploadTo);
    String name = validateFileName(fileName);
    String key = prefix + tenant + folder + "/" + name;
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      // Unreachable with the limits above; kept so a future change to them cannot go unnoticed.
      throw new IllegalStateException("object key longer than " + MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  /**
   * Returns the upload folder with leading and trailing {@code /} removed, as it appears in the key
   * (and as the API reports it back).
   *
   * @throws InvalidNameException for {@link UploadField#UPLOAD_TO} when it is not allowed
   */
  public String normalizeUploadTo(String uploadTo) {
    if (uploadTo == null) {
      throw new InvalidNameException(UploadField.UPLOAD_TO, UPLOAD_TO_RULE);
    }
    int start = 0;
    int end = uploadTo.length();
    while (start < end && uploadTo.charAt(start) == '/') {
      start++;
    }
    while (end > start && uploadTo.charAt(end - 1) == '/') {
      end--;
    }
    String folder = uploadTo.substring(start, end);
    if (folder.isEmpty()
        || folder.length() > MAX_UPLOAD_TO_LENGTH
        || !UPLOAD_TO.matcher(folder).matches()
        || DOT_SEGMENT.matcher(folder).find()) {
      throw new InvalidNameException(UploadField.UPLOAD_TO, UPLOAD_TO_RULE);
    }
    return folder;
  }

  private static String validateKeyPrefix(String keyPrefix) {
    if (keyPrefix == null
        || keyPrefix.length() > MAX_KEY_PREFIX_LENGTH
        || !KEY_PREFIX.matcher(keyPrefix).matches()
        || DOT_SEGMENT.matcher(keyPrefix).find()) {
      throw new InvalidNameException(UploadField.KEY_PREFIX, KEY_PREFIX_RULE);
    }
    return keyPrefix;
  }

  private static String validateNamespace(String namespace) {
    if (namespace.length() > MAX_NAMESPACE_LENGTH || !NAMESPACE.matcher(namespace).matches()) {
      throw new InvalidNameException(UploadField.NAMESPACE, NAMESPACE_RULE);
    }
    return namespace;
  }

  private static String validateFileName(String fileName) {
    if (fileName == null
        || fileName.length() > FileNameFactory.MAX_FILE_NAME_LENGTH
        || !FILE_NAME.matcher(fileName).matches()) {
      // The file name is derived from the original one, so that is the input to fix.
      throw new InvalidNameException(UploadField.ORIGINAL_FILE_NAME, FILE_NAME_RULE);
    }
    return fileName;
  }
}
