package dev.presign.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A round trip to the operator's HTTP server that does no work ({@code GET /healthz}), timed next
 * to each part's signing: the floor of any call through the HTTP API on the machine as busy as it
 * is at that moment, so the signing latency can be read against it.
 */
final class NoopProbe {
  private final HttpClient http;
  private final HttpRequest request;

  NoopProbe(HttpClient http, String apiUrl) {
    this.http = http;
    this.request =
        HttpRequest.newBuilder(URI.create(apiUrl + "/healthz"))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
  }

  /**
   * @return the nanoseconds the round trip took
   */
  long roundTrip() throws Exception {
    long start = System.nanoTime();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    long took = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /healthz answered HTTP " + response.statusCode());
    }
    return took;
  }
}
