package dev.presign.signing;

/** How the bucket appears in a URL. */
public enum AddressingStyle {
  /** {@code https://bucket.s3.region.amazonaws.com/key}: what AWS recommends. */
  VIRTUAL,
  /** {@code https://endpoint/bucket/key}: what most S3-compatible stores need. */
  PATH;

  /** Parses {@code virtual} or {@code path}, in any case. */
  public static AddressingStyle parse(String value) {
    for (AddressingStyle style : values()) {
      if (style.name().equalsIgnoreCase(value)) {
        return style;
      }
    }
    throw new IllegalArgumentException(
        "addressing style must be 'virtual' or 'path', not '" + value + "'");
  }
}
