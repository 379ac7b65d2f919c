package dev.presign.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** PUTs a part's bytes to a presigned URL, as a browser does (no signing of its own). */
final class PartPutter {
  private final HttpClient http;

  PartPutter(HttpClient http) {
    this.http = http;
  }

  /**
   * @return the ETag S3 answered
   * @throws IllegalStateException on any answer but 200 with an ETag (without the URL: it is a
   *     credential)
   */
  String put(String url, byte[] bytes, int length, int partNumber) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(120))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes, 0, length))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    String etag = response.headers().firstValue("ETag").orElse(null);
    if (response.statusCode() != 200 || etag == null) {
      throw new IllegalStateException(
          "PUT of part "
              + partNumber
              + " answered HTTP "
              + response.statusCode()
              + (etag == null ? " without an ETag" : "")
              + ": "
              + abbreviate(response.body()));
    }
    return etag;
  }

  private static String abbreviate(String body) {
    String flat = body.replaceAll("\\s+", " ");
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }
}
