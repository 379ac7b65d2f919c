package dev.presign.naming;

import java.util.Objects;

/**
 * A generated upload file name and the parts it was built from.
 *
 * @param fileName {@code {uuid hex}-{slug}.{extension}}, or {@code {uuid hex}-{slug}} when {@code
 *     extension} is empty
 * @param slug the slug of the original base name, {@code [a-z0-9_-]{1,100}}, {@code file} when the
 *     original name had nothing usable
 * @param extension lowercase {@code [a-z0-9]{1,16}}, or empty when the original name had no safe
 *     extension
 */
public record UploadFileName(String fileName, String slug, String extension) {

  /** Rejects missing parts; the factory is the place that decides their shape. */
  public UploadFileName {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(extension, "extension");
  }

  /** Whether the original name had an extension that was kept. */
  public boolean hasExtension() {
    return !extension.isEmpty();
  }
}
