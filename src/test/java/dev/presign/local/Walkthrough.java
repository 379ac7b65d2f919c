package dev.presign.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.testing.MultipartForm;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * The seed's walkthrough against a running API, as a browser app would do it: request an upload,
 * POST the file straight to S3 with the signed form, complete, download, compare the bytes.
 */
public final class Walkthrough {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String api;
  private final String token;
  private final PrintStream out;

  public Walkthrough(String api, String token, PrintStream out) {
    this.api = api;
    this.token = token;
    this.out = out;
  }

  /**
   * @return true when every step worked; each step prints one line
   */
  public boolean run() {
    byte[] content =
        ("Lorem ipsum dolor sit amet, uploaded by the presign-operator demo at "
                + Instant.now()
                + "\n")
            .getBytes(StandardCharsets.UTF_8);
    try {
      HttpResponse<String> created =
          send(
              HttpRequest.newBuilder(URI.create(api + "/api/v1/uploads/"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"original_file_name\": \"lorem ipsum.txt\", \"file_size\": \""
                              + content.length
                              + "\"}")));
      if (!step(1, "request an upload: POST /api/v1/uploads/", created, 201)) {
        return false;
      }
      JsonNode upload = JSON.readTree(created.body());
      String id = upload.get("id").asText();
      out.println("        id " + id + ", key " + upload.get("key").asText());

      JsonNode post = upload.get("presigned_post_data");
      Map<String, String> fields = JSON.convertValue(post.get("fields"), new TypeReference<>() {});
      HttpResponse<String> s3 =
          new MultipartForm()
              .fields(fields)
              .file("lorem ipsum.txt", upload.get("file_type").asText(), content)
              .postTo(post.get("url").asText());
      if (!step(
          2,
          "upload " + content.length + " bytes straight to S3: POST " + post.get("url").asText(),
          s3,
          s3.statusCode() >= 200 && s3.statusCode() < 300 ? s3.statusCode() : 204)) {
        return false;
      }

      HttpResponse<String> completed =
          send(
              HttpRequest.newBuilder(URI.create(api + "/api/v1/uploads/" + id + "/complete"))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody()));
      if (!step(3, "confirm it: POST /api/v1/uploads/" + id + "/complete", completed, 200)) {
        return false;
      }
      out.println(
          "        status "
              + JSON.readTree(completed.body()).get("status").asText()
              + ", etag "
              + JSON.readTree(completed.body()).get("etag").asText());

      HttpResponse<String> link =
          send(
              HttpRequest.newBuilder(URI.create(api + "/api/v1/uploads/" + id + "/download-url"))
                  .header("Authorization", "Bearer " + token)
                  .GET());
      if (!step(4, "get a download link: GET /api/v1/uploads/" + id + "/download-url", link, 200)) {
        return false;
      }
      HttpResponse<byte[]> downloaded =
          http.send(
              HttpRequest.newBuilder(URI.create(JSON.readTree(link.body()).get("url").asText()))
                  .timeout(Duration.ofSeconds(20))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      boolean same = downloaded.statusCode() == 200 && Arrays.equals(downloaded.body(), content);
      out.println(
          (same ? "ok   " : "FAIL ")
              + "5/5 download it and compare: "
              + downloaded.statusCode()
              + ", "
              + downloaded.body().length
              + " bytes, "
              + (same ? "identical" : "DIFFERENT"));
      out.println(
          same
              ? "demo passed: the bytes went browser → S3 → browser without passing through the app"
              : "demo failed");
      return same;
    } catch (Exception e) {
      out.println("FAIL the walkthrough stopped: " + e);
      return false;
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private boolean step(int number, String what, HttpResponse<String> response, int expected) {
    boolean ok = response.statusCode() == expected;
    out.println((ok ? "ok   " : "FAIL ") + number + "/5 " + what + " → " + response.statusCode());
    if (!ok) {
      out.println("        " + response.body());
    }
    return ok;
  }
}
