package dev.presign.naming;

import java.util.Locale;
import java.util.Set;

/**
 * Which content types a download link may ask a browser to show ({@code inline}) rather than save.
 *
 * <p>A link serves the object from the bucket's origin. A type a browser runs or renders as a
 * document (HTML, SVG, XHTML, XML with stylesheets, JavaScript, and anything it would sniff into
 * one) turns a tenant's upload into a page on that origin, which can read other links' responses
 * there and phish under the bucket's name. So this is an allow-list of passive types a browser only
 * displays: everything else, the active types above included, is always an attachment. The check is
 * on the type without parameters, ignoring case.
 */
public final class InlineTypes {

  /** Passive types: raster images, PDF, plain text and common audio and video. */
  public static final Set<String> INLINE_SAFE =
      Set.of(
          "image/png",
          "image/jpeg",
          "image/gif",
          "image/webp",
          "image/avif",
          "image/bmp",
          "application/pdf",
          "text/plain",
          "audio/mpeg",
          "audio/wav",
          "audio/ogg",
          "audio/opus",
          "audio/flac",
          "audio/mp4",
          "audio/aac",
          "audio/webm",
          "video/mp4",
          "video/webm",
          "video/ogg",
          "video/quicktime");

  /** Whether a link for {@code contentType} may be {@code inline}; null or malformed: no. */
  public boolean mayBeInline(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return INLINE_SAFE.contains(type.toLowerCase(Locale.ROOT));
  }
}
