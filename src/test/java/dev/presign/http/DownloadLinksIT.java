package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Download links as a browser meets them: presigned by the HTTP API, answered by S3Proxy 4.1.0,
 * which honours {@code response-content-disposition} and {@code response-content-type}.
 */
class DownloadLinksIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static OperatorFixture fixture;
  private static ApiClient api;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
    api = new ApiClient(fixture.apiUrl());
    token = fixture.auth.serviceAccountToken(NS, "app");
    fixture.auth.allow(APP, "create", NS);
    fixture.auth.allow(APP, "get", NS);
    UploadClass shortLived = fixture.exampleClass();
    shortLived.getMetadata().setName("short-lived");
    shortLived.getMetadata().setAnnotations(null);
    shortLived.getSpec().setMaxExpiresInSeconds(600);
    fixture.client().resource(shortLived).create();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void theLinkSavesTheFileUnderTheNameItWasUploadedWith() throws Exception {
    String id = uploaded("報告 📄.PDF", "%PDF-1.4 report", null);

    HttpResponse<byte[]> download = download(link(id, ""));

    assertThat(download.statusCode()).isEqualTo(200);
    String disposition = download.headers().firstValue("Content-Disposition").orElseThrow();
    assertThat(disposition)
        .isEqualTo(
            "attachment; filename=\"download.PDF\";"
                + " filename*=UTF-8''%E5%A0%B1%E5%91%8A%20%F0%9F%93%84.PDF");
    assertThat(decodedFileName(disposition)).isEqualTo("報告 📄.PDF");
    assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
  }

  @Test
  void inlineIsForPassiveTypesOnly() throws Exception {
    String pdf = uploaded("invoice.pdf", "%PDF-1.4 invoice", null);
    HttpResponse<byte[]> shown = download(link(pdf, "disposition=inline"));
    assertThat(shown.headers().firstValue("Content-Disposition"))
        .hasValue("inline; filename=\"invoice.pdf\"; filename*=UTF-8''invoice.pdf");
    assertThat(shown.headers().firstValue("Content-Type")).hasValue("application/pdf");

    String page = uploaded("page.html", "<script>alert(document.domain)</script>", null);
    HttpResponse<byte[]> saved = download(link(page, ""));
    assertThat(saved.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"page.html\"; filename*=UTF-8''page.html");
    for (String query :
        new String[] {
          "disposition=inline", "disposition=inline&response_content_type=image/svg%2Bxml"
        }) {
      ApiClient.Reply refused =
          api.get("/api/v1/uploads/" + page + "/download-url?" + query, token);
      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      assertThat(refused.json().get("errors").get("disposition").asText())
          .startsWith("inline is allowed only for application/pdf, audio/aac")
          .endsWith("is always downloaded as an attachment");
    }
    String svg = uploaded("logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", null);
    ApiClient.Reply svgInline =
        api.get("/api/v1/uploads/" + svg + "/download-url?disposition=inline", token);
    assertThat(svgInline.status()).isEqualTo(400);
    assertThat(svgInline.json().get("errors").get("disposition").asText())
        .contains("image/svg+xml is always downloaded as an attachment");
  }

  @Test
  void anUnknownDispositionIs400NamingTheParameter() throws Exception {
    String id = uploaded("a.txt", "hello", null);
    for (String value :
        new String[] {"Inline", "form-data", "attachment%3Bx", "%20", "inline%00"}) {
      ApiClient.Reply reply =
          api.get("/api/v1/uploads/" + id + "/download-url?disposition=" + value, token);
      assertThat(reply.status()).as(value + " -> " + reply.body()).isEqualTo(400);
      assertThat(reply.json().get("errors").get("disposition").asText())
          .isEqualTo("must be 'attachment' (the default) or 'inline'");
    }
  }

  @Test
  void aLinkLivesNoLongerThanTheClassAllows() throws Exception {
    String id = uploaded("a.txt", "hello", "short-lived");
    Instant before = Instant.now();

    ApiClient.Reply link =
        api.get("/api/v1/uploads/" + id + "/download-url?expires_in=604800", token);

    assertThat(link.status()).as(link.body()).isEqualTo(200);
    assertThat(link.json().get("url").asText()).contains("X-Amz-Expires=600&");
    assertThat(Instant.parse(link.json().get("expires_at").asText()))
        .isBeforeOrEqualTo(before.plus(Duration.ofSeconds(601)));
    assertThat(download(link.json().get("url").asText()).statusCode()).isEqualTo(200);
  }

  /** Creates, uploads and completes a file; returns its id. */
  private static String uploaded(String name, String content, String uploadClass) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> body =
        uploadClass == null
            ? Map.of("original_file_name", name, "file_size", bytes.length)
            : Map.of(
                "original_file_name", name, "file_size", bytes.length, "upload_class", uploadClass);
    ApiClient.Reply created =
        api.postJson("/api/v1/uploads/", token, json.writeValueAsString(body));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode form = created.json().get("presigned_post_data");
    Map<String, String> fields =
        json.convertValue(
            form.get("fields"), new com.fasterxml.jackson.core.type.TypeReference<>() {});
    HttpResponse<String> s3 =
        new MultipartForm()
            .fields(fields)
            .file("file", fields.get("Content-Type"), bytes)
            .postTo(form.get("url").asText());
    assertThat(s3.statusCode()).as(s3.body()).isBetween(200, 299);
    String id = created.json().get("id").asText();
    ApiClient.Reply completed = api.post("/api/v1/uploads/" + id + "/complete", token, null, "");
    assertThat(completed.status()).as(completed.body()).isEqualTo(200);
    return id;
  }

  private static String link(String id, String query) throws Exception {
    ApiClient.Reply link =
        api.get(
            "/api/v1/uploads/" + id + "/download-url" + (query.isEmpty() ? "" : "?" + query),
            token);
    assertThat(link.status()).as(link.body()).isEqualTo(200);
    return link.json().get("url").asText();
  }

  private static HttpResponse<byte[]> download(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The RFC 8187 {@code filename*} value, decoded as a browser does. */
  private static String decodedFileName(String disposition) {
    String encoded = disposition.substring(disposition.indexOf("filename*=UTF-8''") + 17);
    return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
