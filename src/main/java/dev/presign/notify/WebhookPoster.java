package dev.presign.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs one event, once, on the calling thread, bounded by the timeout twice (connect, then the
 * answer's status line). Redirects are never followed: a receiver cannot send the signed event, or
 * the operator, anywhere the class does not name. The answer's body is discarded unread, so nothing
 * a receiver says ends up in a status or a log.
 */
public final class WebhookPoster {
  /** What one POST came to: delivered (2xx), or why not, in words for a condition's message. */
  public record Result(boolean delivered, String detail) {}

  private final HttpClient http;
  private final Duration timeout;

  public WebhookPoster(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public Result post(URI url, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      HttpResponse<Void> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      int code = answer.statusCode();
      return new Result(code >= 200 && code < 300, "HTTP " + code);
    } catch (HttpConnectTimeoutException e) {
      return new Result(false, "no connection within " + timeout.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      return new Result(false, "no answer within " + timeout.toSeconds() + " s");
    } catch (ConnectException e) {
      return new Result(false, "connection refused");
    } catch (IOException e) {
      return new Result(false, "connection failed (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted (the operator is stopping)");
    }
  }
}
