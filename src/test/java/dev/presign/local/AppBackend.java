package dev.presign.local;

import dev.presign.http.HttpApi;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Local mode's stand-in for an app: the demo page and a same-origin backend that forwards the
 * page's upload calls to the operator's API with the app's token, the way a real app backend does
 * (the API has no CORS on purpose: browsers never call it directly). It binds before the rest of
 * local mode starts, so the bucket's CORS rule can name the page's origin, and answers 503 until
 * {@link #forwardTo} points it at the API.
 */
public final class AppBackend implements AutoCloseable {
  /**
   * What the page may reach on the API: the seed API and the Uppy Companion S3 routes. Nothing else
   * (metrics, health, OpenAPI) is forwarded.
   */
  static final List<String> FORWARDED_PREFIXES = List.of("/api/v1/uploads", HttpApi.COMPANION_PATH);

  /**
   * Companion's complete call lists every part (up to 10,000 of about 60 bytes); the API sets its
   * own, smaller limits per route.
   */
  private static final long BODY_LIMIT_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final HttpServer server;
  private final AtomicReference<ApiForwarder> forwarder = new AtomicReference<>();

  private AppBackend(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Binds 127.0.0.1:{@code port} (0 picks a free port) and serves the page. */
  public static AppBackend bind(int port) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      HttpServer server =
          vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port));
      server.requestHandler(router);
      server.listen().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      AppBackend backend = new AppBackend(vertx, server);
      backend.route(router, new SameOriginGuard(server.actualPort()));
      return backend;
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  private void route(Router router, SameOriginGuard guard) {
    router.route().handler(guard::checkHost);
    router.route().handler(this::requireWired);
    DemoPage page = new DemoPage();
    for (String path : page.paths()) {
      router.get(path).handler(page::serve);
    }
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES);
    for (String prefix : FORWARDED_PREFIXES) {
      for (String path : List.of(prefix, prefix + "/*")) {
        // The site check on a route of its own: Vert.x allows no handler before a BodyHandler.
        router.route(path).handler(guard::check);
        router.route(path).handler(body).handler(ctx -> forwarder.get().forward(ctx));
      }
    }
    router
        .route()
        .last()
        .handler(
            ctx ->
                ctx.response()
                    .setStatusCode(404)
                    .putHeader("Content-Type", "application/json")
                    .end("{\"detail\": \"Not found.\"}"));
  }

  private void requireWired(RoutingContext ctx) {
    if (forwarder.get() == null) {
      ctx.response()
          .setStatusCode(503)
          .putHeader("Content-Type", "application/json")
          .putHeader("Retry-After", "1")
          .end("{\"detail\": \"local mode is still starting\"}");
      return;
    }
    ctx.next();
  }

  /** Starts forwarding to the API at {@code api} with {@code token}. */
  public void forwardTo(String api, String token) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
    forwarder.set(new ApiForwarder(client, api, token));
  }

  public int port() {
    return server.actualPort();
  }

  /** Where a browser opens the page. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** The origins the page can be loaded from (for the bucket's CORS rule). */
  public List<String> pageOrigins() {
    return List.of(url(), "http://localhost:" + port());
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
