package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTypeResolverTest {

  private final ContentTypeResolver resolver = new ContentTypeResolver();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "pdf, application/pdf",
    "png, image/png",
    "jpg, image/jpeg",
    "jpeg, image/jpeg",
    "gif, image/gif",
    "webp, image/webp",
    "svg, image/svg+xml",
    "heic, image/heic",
    "avif, image/avif",
    "bmp, image/bmp",
    "tiff, image/tiff",
    "tif, image/tiff",
    "ico, image/vnd.microsoft.icon",
    "txt, text/plain",
    "csv, text/csv",
    "json, application/json",
    "xml, application/xml",
    "html, text/html",
    "md, text/markdown",
    "zip, application/zip",
    "gz, application/gzip",
    "tar, application/x-tar",
    "7z, application/x-7z-compressed",
    "rar, application/vnd.rar",
    "mp3, audio/mpeg",
    "wav, audio/wav",
    "ogg, audio/ogg",
    "flac, audio/flac",
    "m4a, audio/mp4",
    "mp4, video/mp4",
    "mov, video/quicktime",
    "webm, video/webm",
    "mkv, video/x-matroska",
    "avi, video/x-msvideo",
    "doc, application/msword",
    "docx, application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls, application/vnd.ms-excel",
    "xlsx, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt, application/vnd.ms-powerpoint",
    "pptx, application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt, application/vnd.oasis.opendocument.text",
    "ods, application/vnd.oasis.opendocument.spreadsheet",
    "epub, application/epub+zip",
    "rtf, application/rtf",
  })
  void knowsCommonExtensions(String extension, String contentType) {
    assertThat(resolver.forFileName(extension)).isEqualTo(contentType);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf, application/pdf",
    "report.PDF, application/pdf",
    ".pdf, application/pdf",
    "PNG, image/png",
    "archive.tar.gz, application/gzip",
    "photos/2024/cat.JPeG, image/jpeg",
    "C:\\docs\\sheet.xlsx, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "'  notes.txt  ', text/plain",
  })
  void takesTheExtensionOfAFileName(String fileName, String contentType) {
    assertThat(resolver.forFileName(fileName)).isEqualTo(contentType);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "README",
        "file.",
        "file.unknownext",
        "file.pdf.exe",
        "pdf/README",
        "file.p df",
        "file.\u0444\u043e\u0442\u043e",
        "file.PD\u0130"
      })
  void fallsBackToOctetStream(String fileName) {
    assertThat(resolver.forFileName(fileName)).isEqualTo("application/octet-stream");
  }

  @org.junit.jupiter.api.Test
  void rejectsNull() {
    assertThatNullPointerException().isThrownBy(() -> resolver.forFileName(null));
  }
}
