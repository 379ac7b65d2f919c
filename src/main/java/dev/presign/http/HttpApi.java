package dev.presign.http;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router, built in one place: upload endpoints, health, metrics and the OpenAPI document, and
 * one failure handler that turns every error into JSON without a stack trace.
 */
public final class HttpApi {
  /** Bodies are a few hundred bytes; anything near this is not a real request. */
  public static final long BODY_LIMIT_BYTES = 16 * 1024;

  /**
   * The body of a Companion complete: one {@code {"PartNumber": n, "ETag": "..."}} per part, up to
   * 10,000 parts (about 620 KB); Companion itself allows 1 MB there.
   */
  public static final long COMPANION_COMPLETE_BODY_LIMIT_BYTES = 1024 * 1024;

  /**
   * Where the Companion routes are mounted: Uppy's {@code companionEndpoint} is the app's proxy of
   * this path, and Uppy appends {@code /s3/...}. The second form picks the UploadClass by name (the
   * path is fixed by the app's proxy; the metadata comes from the browser).
   */
  public static final String COMPANION_PATH = "/api/v1/companion";

  public static final String COMPANION_CLASS_PATH = COMPANION_PATH + "/classes/:class";

  /**
   * All request headers together (a projected ServiceAccount token is about 1 KiB); over it the
   * codec answers 431 before any handler runs. Vert.x's default, stated here so it is a decision.
   */
  public static final int HEADER_LIMIT_BYTES = 8 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /** Methods that get a metric label of their own; see {@link #methodLabel}. */
  private static final Set<HttpMethod> METRIC_METHODS =
      Set.of(
          HttpMethod.GET,
          HttpMethod.POST,
          HttpMethod.PUT,
          HttpMethod.DELETE,
          HttpMethod.HEAD,
          HttpMethod.OPTIONS,
          HttpMethod.PATCH);

  /** The metric label shared by every method not in {@link #METRIC_METHODS}. */
  private static final String OTHER_METHOD = "other";

  private final UploadHandlers uploads;
  private final CompanionHandlers companion;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier ready;
  private final BooleanSupplier live;
  private final String openApi;

  /**
   * @param ready whether the caches are synced (readiness)
   * @param live false once the replica should be restarted, e.g. after it lost the leader Lease
   */
  public HttpApi(
      UploadHandlers uploads,
      PrometheusMeterRegistry metrics,
      BooleanSupplier ready,
      BooleanSupplier live) {
    this(uploads, null, metrics, ready, live);
  }

  /**
   * @param companion the Companion S3 routes, or null to serve none
   */
  public HttpApi(
      UploadHandlers uploads,
      CompanionHandlers companion,
      PrometheusMeterRegistry metrics,
      BooleanSupplier ready,
      BooleanSupplier live) {
    this.uploads = uploads;
    this.companion = companion;
    this.metrics = metrics;
    this.ready = ready;
    this.live = live;
    this.openApi = resource("/openapi.yaml");
  }

  /**
   * The server's options: where it listens, and the bounds that hold before any handler runs
   * (header size, and connections closed once idle, so idle or abandoned connections do not pile
   * up).
   */
  public static HttpServerOptions serverOptions(String host, int port, Duration idleTimeout) {
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setMaxHeaderSize(HEADER_LIMIT_BYTES)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toSeconds()))
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  public Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(this::timeRequest);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES);

    // The content type is checked on a route of its own, before the body is read: a BodyHandler
    // decodes form bodies (multipart, urlencoded) itself, and fails with a 500 on a form field it
    // finds too long. (Vert.x allows no user handler before a BodyHandler on the same route.)
    for (String path : new String[] {"/api/v1/uploads", "/api/v1/uploads/"}) {
      router.post(path).handler(this::requireJson).setName("create");
      router.post(path).handler(body).handler(uploads::create).setName("create");
    }
    router.get("/api/v1/uploads/:id").handler(uploads::get).setName("get");
    router.post("/api/v1/uploads/:id/complete").handler(uploads::complete).setName("complete");
    router.delete("/api/v1/uploads/:id").handler(uploads::cancel).setName("cancel");
    router
        .get("/api/v1/uploads/:id/download-url")
        .handler(uploads::downloadUrl)
        .setName("download-url");
    if (companion != null) {
      companionRoutes(router, body);
    }
    router.get("/healthz").handler(this::healthz).setName("healthz");
    router.get("/readyz").handler(this::readyz).setName("readyz");
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4")
                    .end(metrics.scrape()))
        .setName("metrics");
    router
        .get("/openapi.yaml")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(openApi))
        .setName("openapi");
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(this::failure);
    router.errorHandler(400, this::unroutable);
    router.errorHandler(500, this::failureInFailure);
    return router;
  }

  /** Uppy Companion's S3 routes, at both mount paths, with errors in Companion's shape. */
  private void companionRoutes(Router router, BodyHandler body) {
    BodyHandler completeBody =
        BodyHandler.create(false).setBodyLimit(COMPANION_COMPLETE_BODY_LIMIT_BYTES);
    for (String mount : new String[] {COMPANION_PATH, COMPANION_CLASS_PATH}) {
      String s3 = mount + "/s3";
      router.get(s3 + "/params").handler(companion::params).setName("companion-params");
      router.post(s3 + "/multipart").handler(this::requireJson).setName("companion-create");
      router
          .post(s3 + "/multipart")
          .handler(body)
          .handler(companion::createMultipart)
          .setName("companion-create");
      router
          .get(s3 + "/multipart/:uploadId")
          .handler(companion::listParts)
          .setName("companion-list");
      // Before /:partNumber, which would take "batch" for a part number.
      router
          .get(s3 + "/multipart/:uploadId/batch")
          .handler(companion::signParts)
          .setName("companion-sign-batch");
      router
          .get(s3 + "/multipart/:uploadId/:partNumber")
          .handler(companion::signPart)
          .setName("companion-sign");
      router
          .post(s3 + "/multipart/:uploadId/complete")
          .handler(this::requireJson)
          .setName("companion-complete");
      router
          .post(s3 + "/multipart/:uploadId/complete")
          .handler(completeBody)
          .handler(companion::complete)
          .setName("companion-complete");
      router
          .delete(s3 + "/multipart/:uploadId")
          .handler(companion::abort)
          .setName("companion-abort");
    }
    // Registered before the API's own: a failure under the mount path (a refusal, a route that is
    // not there, a body too large) is answered as Companion answers it.
    router.route(COMPANION_PATH + "/*").failureHandler(CompanionErrors::failure);
  }

  private void requireJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      // Through the failure handlers, so each mount answers in its own error shape.
      ctx.fail(ApiError.detail(415, "Send the body as Content-Type: application/json."));
      return;
    }
    if (!declaresOnlyUtf8(type)) {
      ctx.fail(
          ApiError.detail(
              415,
              "Send the body as UTF-8 JSON: Content-Type: application/json or application/json;"
                  + " charset=utf-8."));
      return;
    }
    ctx.next();
  }

  /**
   * JSON is UTF-8 (RFC 8259) and the body is only ever read as UTF-8, so a request that declares
   * another charset, or one the JVM does not know, is refused rather than read another way.
   */
  private static boolean declaresOnlyUtf8(String contentType) {
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int equals = parameter.indexOf('=');
      if (equals < 0 || !parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
        continue;
      }
      String charset = parameter.substring(equals + 1).trim();
      if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
        charset = charset.substring(1, charset.length() - 1);
      }
      if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
        return false;
      }
    }
    return true;
  }

  private void healthz(RoutingContext ctx) {
    if (live.getAsBoolean()) {
      Responses.json(ctx, 200, Map.of("status", "ok"));
    } else {
      Responses.json(
          ctx,
          503,
          Map.of(
              "status",
              "lost the leader Lease: no longer reconciling; restart to rejoin the election"));
    }
  }

  private void readyz(RoutingContext ctx) {
    if (ready.getAsBoolean()) {
      Responses.json(ctx, 200, Map.of("status", "ready"));
    } else {
      Responses.json(ctx, 503, Map.of("status", "starting: caches are not synced yet"));
    }
  }

  /**
   * The method as a metric label: the client chooses it, and Vert.x accepts any token, so each new
   * one would be a new time series; the known methods keep their name, every other one is {@value
   * #OTHER_METHOD}. (The route label is the route's name, never the path, for the same reason.)
   */
  private static String methodLabel(HttpMethod method) {
    return METRIC_METHODS.contains(method) ? method.name() : OTHER_METHOD;
  }

  private void timeRequest(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(
        done -> {
          Route route = ctx.currentRoute();
          String name = route == null || route.getName() == null ? "unmatched" : route.getName();
          Timer.builder("presign_http_requests")
              .description("HTTP requests by route, method and status")
              .tag("route", name)
              .tag("method", methodLabel(ctx.request().method()))
              .tag("status", Integer.toString(ctx.response().getStatusCode()))
              .register(metrics)
              .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        });
    ctx.next();
  }

  /**
   * Every error becomes JSON; unexpected ones are logged here, once, and answered 500 without
   * detail.
   */
  private void failure(RoutingContext ctx) {
    Throwable error = ctx.failure();
    if (error instanceof HttpClosedException) {
      // The client hung up before its request was complete: there is no one to answer, and
      // nothing for an operator to fix, so it is no error (anyone can do it, as often as they
      // like).
      return;
    }
    if (error instanceof ApiError api) {
      if (api.retryAfterSeconds() != null) {
        ctx.response().putHeader("Retry-After", api.retryAfterSeconds().toString());
      }
      Responses.json(ctx, api.status(), api.body());
      return;
    }
    int status = ctx.statusCode();
    if (status == 413) {
      Responses.json(
          ctx,
          413,
          Map.of("detail", "The request body is larger than " + BODY_LIMIT_BYTES + " bytes."));
    } else if (status == 404) {
      Responses.json(ctx, 404, Map.of("detail", "Not found."));
    } else if (status == 405) {
      Responses.json(ctx, 405, Map.of("detail", "Method not allowed."));
    } else if (status >= 400 && status < 500 && error == null) {
      Responses.json(ctx, status, Map.of("detail", "Bad request."));
    } else {
      LOG.error("unexpected error on {} {}", ctx.request().method(), ctx.normalizedPath(), error);
      Responses.json(ctx, 500, Map.of("detail", "Internal error; it has been logged."));
    }
  }

  /**
   * A request no route could even be matched against: a path or query string with a broken
   * percent-escape makes the router throw while matching, so no failure handler runs. Anyone can
   * send one, so it is answered like other bad input and not logged.
   */
  private void unroutable(RoutingContext ctx) {
    Responses.json(
        ctx,
        400,
        Map.of("detail", "The request's path or query string is not validly percent-encoded."));
  }

  /** The failure handler itself failed: still JSON, still no detail. */
  private void failureInFailure(RoutingContext ctx) {
    LOG.error(
        "unexpected error on {} while answering a failure", ctx.request().method(), ctx.failure());
    Responses.json(ctx, 500, Map.of("detail", "Internal error; it has been logged."));
  }

  /**
   * Requests the HTTP codec already refused (a request line or headers too long, a malformed
   * request line): never routed, so answered here, in JSON like every other error, and closed.
   */
  public static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    String reason = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    int status;
    String detail;
    if (reason.startsWith("An HTTP line is larger than")) {
      status = 414;
      detail = "The request line is too long.";
    } else if (reason.startsWith("HTTP header is larger than")) {
      status = 431;
      detail = "The request headers are too large.";
    } else {
      status = 400;
      detail = "The request is not valid HTTP.";
    }
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close")
        .end("{\"detail\":\"" + detail + "\"}");
  }

  private static String resource(String path) {
    try (InputStream in = HttpApi.class.getResourceAsStream(path)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
