package dev.presign.s3;

import dev.presign.signing.BucketEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@link CorsPreflight} with the JDK's HTTP client, to the URL browsers POST forms to. It sends no
 * credentials and no signature: a preflight carries none.
 */
public final class HttpCorsPreflight implements CorsPreflight {
  private final HttpClient http;
  private final Duration timeout;

  public HttpCorsPreflight(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Answer ask(
      BucketEndpoint endpoint, String bucket, String origin, String method, List<String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint.bucketUrl(bucket)))
            .timeout(timeout)
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method);
    if (!headers.isEmpty()) {
      request.header("Access-Control-Request-Headers", String.join(",", headers).toLowerCase());
    }
    try {
      HttpResponse<Void> response =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      var h = response.headers();
      return new Answer(
          response.statusCode(),
          h.firstValue("Access-Control-Allow-Origin").orElse(null),
          h.firstValue("Access-Control-Allow-Methods").orElse(null),
          h.firstValue("Access-Control-Allow-Headers").orElse(null),
          h.firstValue("Access-Control-Expose-Headers").orElse(null),
          null);
    } catch (IOException e) {
      return Answer.unreachable(
          "cannot reach " + endpoint.bucketUrl(bucket) + ": " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.unreachable("interrupted");
    }
  }
}
