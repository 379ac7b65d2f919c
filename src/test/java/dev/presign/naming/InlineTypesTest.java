package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InlineTypesTest {
  private final InlineTypes types = new InlineTypes();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "image/png|true",
        "IMAGE/JPEG|true",
        "application/pdf|true",
        "text/plain; charset=utf-8|true",
        "video/mp4|true",
        "audio/mpeg|true",
        // active: a browser runs or renders them as a page of the bucket's origin
        "text/html|false",
        "text/html; charset=utf-8|false",
        "image/svg+xml|false",
        "application/xhtml+xml|false",
        "text/xml|false",
        "application/xml|false",
        "application/javascript|false",
        "text/javascript|false",
        "application/ecmascript|false",
        "text/css|false",
        "application/x-shockwave-flash|false",
        "multipart/x-mixed-replace|false",
        "text/xsl|false",
        "application/rss+xml|false",
        "text/markdown|false",
        // unknown, sniffable or malformed: never inline
        "application/octet-stream|false",
        "image/x-anything|false",
        "text/plain2|false",
        "image/png,text/html|false",
        "''|false"
      })
  void onlyPassiveTypesMayBeInline(String contentType, boolean inline) {
    assertThat(types.mayBeInline(contentType)).isEqualTo(inline);
  }
}
