package dev.presign.naming;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Picks the Content-Type for an upload from its file extension when the caller did not give one.
 *
 * <p>A fixed table instead of {@code URLConnection.guessContentTypeFromName} or {@code
 * Files.probeContentType}: those depend on the JDK build and the host's {@code mime.types}, and the
 * type is signed into the POST policy, so the same name must give the same type on every machine.
 * Types are the IANA-registered ones where one exists, otherwise what browsers report as {@code
 * File.type}. Anything else is {@value #DEFAULT_CONTENT_TYPE}.
 */
public final class ContentTypeResolver {

  /** Type for unknown or missing extensions: opaque bytes, never rendered by a browser. */
  public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  private static final Map<String, String> TYPES_BY_EXTENSION =
      Map.ofEntries(
          // Documents
          Map.entry("pdf", "application/pdf"),
          Map.entry("txt", "text/plain"),
          Map.entry("csv", "text/csv"),
          Map.entry("tsv", "text/tab-separated-values"),
          Map.entry("json", "application/json"),
          Map.entry("xml", "application/xml"),
          Map.entry("yaml", "application/yaml"),
          Map.entry("yml", "application/yaml"),
          Map.entry("html", "text/html"),
          Map.entry("htm", "text/html"),
          Map.entry("css", "text/css"),
          Map.entry("js", "text/javascript"),
          Map.entry("md", "text/markdown"),
          Map.entry("rtf", "application/rtf"),
          Map.entry("ics", "text/calendar"),
          Map.entry("vcf", "text/vcard"),
          Map.entry("eml", "message/rfc822"),
          Map.entry("epub", "application/epub+zip"),
          Map.entry("doc", "application/msword"),
          Map.entry(
              "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
          Map.entry("xls", "application/vnd.ms-excel"),
          Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
          Map.entry("ppt", "application/vnd.ms-powerpoint"),
          Map.entry(
              "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
          Map.entry("odt", "application/vnd.oasis.opendocument.text"),
          Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
          Map.entry("odp", "application/vnd.oasis.opendocument.presentation"),
          // Images
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("heic", "image/heic"),
          Map.entry("heif", "image/heif"),
          Map.entry("avif", "image/avif"),
          Map.entry("bmp", "image/bmp"),
          Map.entry("tif", "image/tiff"),
          Map.entry("tiff", "image/tiff"),
          Map.entry("ico", "image/vnd.microsoft.icon"),
          // Archives
          Map.entry("zip", "application/zip"),
          Map.entry("gz", "application/gzip"),
          Map.entry("tgz", "application/gzip"),
          Map.entry("tar", "application/x-tar"),
          Map.entry("bz2", "application/x-bzip2"),
          Map.entry("xz", "application/x-xz"),
          Map.entry("zst", "application/zstd"),
          Map.entry("7z", "application/x-7z-compressed"),
          Map.entry("rar", "application/vnd.rar"),
          // Audio
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("wav", "audio/wav"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("oga", "audio/ogg"),
          Map.entry("opus", "audio/opus"),
          Map.entry("flac", "audio/flac"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("aac", "audio/aac"),
          // Video
          Map.entry("mp4", "video/mp4"),
          Map.entry("m4v", "video/mp4"),
          Map.entry("mov", "video/quicktime"),
          Map.entry("webm", "video/webm"),
          Map.entry("mkv", "video/x-matroska"),
          Map.entry("avi", "video/x-msvideo"),
          Map.entry("mpeg", "video/mpeg"),
          Map.entry("mpg", "video/mpeg"),
          Map.entry("ogv", "video/ogg"),
          // Fonts and other
          Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("ttf", "font/ttf"),
          Map.entry("otf", "font/otf"),
          Map.entry("wasm", "application/wasm"));

  /**
   * Returns the Content-Type for a file name ({@code report.PDF}, {@code a/b.tar.gz}) or a bare
   * extension ({@code pdf}, {@code .pdf}); case does not matter. The extension is the text after
   * the last dot of the part after the last {@code /} or {@code \}; a part without a dot is taken
   * as a bare extension, so {@code README} is looked up as {@code readme} and, being unknown, gives
   * {@value #DEFAULT_CONTENT_TYPE}.
   */
  public String forFileName(String fileNameOrExtension) {
    Objects.requireNonNull(fileNameOrExtension, "fileNameOrExtension");
    String name = fileNameOrExtension.strip();
    String baseName = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    String extension = baseName.substring(baseName.lastIndexOf('.') + 1);
    return TYPES_BY_EXTENSION.getOrDefault(
        extension.toLowerCase(Locale.ROOT), DEFAULT_CONTENT_TYPE);
  }
}
