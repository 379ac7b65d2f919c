package dev.presign.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** An app pod calling the operator's HTTP API, with a bound wait so a hang fails the test. */
final class HttpCaller {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  HttpCaller(String base, String token) {
    this.base = base;
    this.token = token;
  }

  record Reply(int status, String body, Optional<String> retryAfter, long millis) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  Reply requestUpload(String fileName, int size) throws Exception {
    return post(
        "/api/v1/uploads/",
        "{\"original_file_name\": \"" + fileName + "\", \"file_size\": " + size + "}");
  }

  Reply complete(String id) throws Exception {
    return post("/api/v1/uploads/" + id + "/complete", "");
  }

  Reply post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long started = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(
        response.statusCode(),
        response.body(),
        response.headers().firstValue("Retry-After"),
        (System.nanoTime() - started) / 1_000_000);
  }
}
