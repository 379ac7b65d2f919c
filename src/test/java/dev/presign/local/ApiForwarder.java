package dev.presign.local;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Forwards a page's request to the operator's HTTP API with the app's own token, as an app backend
 * does with its pod's ServiceAccount token. Only the headers an API call needs go through: the
 * browser's cookies and any {@code Authorization} it sends are dropped, and the token goes only
 * upstream, never back to the page.
 */
final class ApiForwarder {
  /** Request headers the API reads; everything else the browser sends stays here. */
  private static final List<String> REQUEST_HEADERS = List.of("Content-Type", "Accept");

  /** Response headers the page may need (405's Allow, 429's Retry-After). */
  private static final List<String> RESPONSE_HEADERS =
      List.of("Content-Type", "Allow", "Retry-After");

  /** Creating an upload waits for the operator to issue it; the API bounds that wait itself. */
  private static final long UPSTREAM_IDLE_TIMEOUT_MS = 60_000;

  private final HttpClient client;
  private final String api;
  private final String token;

  /**
   * @param api the API's base URL, such as {@code http://127.0.0.1:8080}
   */
  ApiForwarder(HttpClient client, String api, String token) {
    this.client = client;
    this.api = api;
    this.token = token;
  }

  /**
   * Sends the request (its body already read) to the same path and query on the API: the path as
   * the router matched it (dot segments resolved), so what is forwarded is what was allowed.
   */
  void forward(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    String query = ctx.request().query();
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setAbsoluteURI(api + ctx.normalizedPath() + (query == null ? "" : "?" + query))
            .setIdleTimeout(UPSTREAM_IDLE_TIMEOUT_MS);
    MultiMap from = ctx.request().headers();
    for (String name : REQUEST_HEADERS) {
      if (from.contains(name)) {
        options.putHeader(name, from.get(name));
      }
    }
    options.putHeader("Authorization", "Bearer " + token);
    Buffer body = ctx.body().buffer();
    client
        .request(options)
        .compose(
            request ->
                (body == null ? request.send() : request.send(body))
                    .compose(response -> response.body().map(b -> answer(ctx, response, b))))
        .onFailure(
            e ->
                ctx.response()
                    .setStatusCode(502)
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("detail", "the presign-operator API did not answer: " + e)
                            .encode()));
  }

  private static Void answer(RoutingContext ctx, HttpClientResponse upstream, Buffer body) {
    ctx.response().setStatusCode(upstream.statusCode());
    for (String name : RESPONSE_HEADERS) {
      String value = upstream.getHeader(name);
      if (value != null) {
        ctx.response().putHeader(name, value);
      }
    }
    ctx.response().end(body);
    return null;
  }
}
