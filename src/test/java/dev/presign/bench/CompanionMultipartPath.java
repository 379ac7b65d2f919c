package dev.presign.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's path, as Uppy's {@code @uppy/aws-s3} in Companion mode drives it over HTTP (with
 * the app's token, as the app's backend forwards it): {@code POST /s3/multipart} (an UploadRequest,
 * its CreateMultipartUpload), {@code GET /s3/multipart/:uploadId/:partNumber?key=} per part, {@code
 * POST /s3/multipart/:uploadId/complete?key=} (CompleteMultipartUpload and HeadObject by the
 * operator, then Uploaded). Every call carries the app's bearer token.
 */
final class CompanionMultipartPath implements MultipartPath {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String companionUrl;
  private final String apiUrl;
  private final String token;

  /** The UploadRequest id of each uploadId this path started, to read its status afterwards. */
  private final Map<String, String> requestIds = new ConcurrentHashMap<>();

  /**
   * @param apiUrl the operator's HTTP API, e.g. {@code http://127.0.0.1:8080}
   * @param companionPath where it mounts the Companion routes, e.g. {@code /api/v1/companion/s3}
   */
  CompanionMultipartPath(HttpClient http, String apiUrl, String companionPath, String token) {
    this.http = http;
    this.apiUrl = apiUrl;
    this.companionUrl = apiUrl + companionPath;
    this.token = token;
  }

  @Override
  public String name() {
    return "operator (Companion HTTP)";
  }

  @Override
  public StartedUpload create(String fileName, long size) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("filename", fileName);
    body.put("type", "application/octet-stream");
    // Companion's create has no size of its own: the operator takes it from metadata.size.
    body.putObject("metadata").put("size", Long.toString(size));
    JsonNode answer = send("POST", companionUrl + "/multipart", body, 200);
    String uploadId = answer.path("uploadId").asText();
    requestIds.put(uploadId, answer.path("id").asText());
    // The operator answers the part size it recorded (the default rule, which Uppy applies too).
    return new StartedUpload(
        answer.path("key").asText(),
        uploadId,
        answer.path("partSize").asLong(MultipartPath.defaultPartSize(size)));
  }

  @Override
  public String signPart(StartedUpload upload, int partNumber) throws Exception {
    return send(
            "GET",
            companionUrl
                + "/multipart/"
                + encode(upload.uploadId())
                + "/"
                + partNumber
                + "?key="
                + encode(upload.key()),
            null,
            200)
        .path("url")
        .asText();
  }

  @Override
  public void complete(StartedUpload upload, List<SentPart> parts) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("parts");
    parts.forEach(p -> list.addObject().put("PartNumber", p.partNumber()).put("ETag", p.etag()));
    send(
        "POST",
        companionUrl
            + "/multipart/"
            + encode(upload.uploadId())
            + "/complete?key="
            + encode(upload.key()),
        body,
        200);
  }

  /** The upload's status as {@code GET /api/v1/uploads/{id}} reports it (e.g. Uploaded). */
  String status(StartedUpload upload) throws Exception {
    return send("GET", apiUrl + "/api/v1/uploads/" + requestIds.get(upload.uploadId()), null, 200)
        .path("status")
        .asText();
  }

  private JsonNode send(String method, String url, JsonNode body, int expected) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      // The path only (no query): never print a key with a signed URL next to it.
      throw new IllegalStateException(
          method
              + " "
              + URI.create(url).getPath()
              + " answered HTTP "
              + response.statusCode()
              + ", not "
              + expected
              + ": "
              + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
