package dev.presign.local;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The demo page: one HTML file, its script and its style sheet, plain files the project writes (no
 * bundler), read once from the test resources.
 */
final class DemoPage {
  private static final String FOLDER = "/dev/presign/local/demo/";

  /** Path on the backend → file in {@link #FOLDER} and its content type. */
  private static final Map<String, String[]> FILES =
      Map.of(
          "/", new String[] {"index.html", "text/html; charset=utf-8"},
          "/demo.js", new String[] {"demo.js", "text/javascript; charset=utf-8"},
          "/demo.css", new String[] {"demo.css", "text/css; charset=utf-8"});

  private final Map<String, Buffer> bodies;

  DemoPage() {
    this.bodies =
        Map.of(
            "/", read(FILES.get("/")[0]),
            "/demo.js", read(FILES.get("/demo.js")[0]),
            "/demo.css", read(FILES.get("/demo.css")[0]));
  }

  Iterable<String> paths() {
    return FILES.keySet();
  }

  void serve(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    ctx.response()
        .putHeader("Content-Type", FILES.get(path)[1])
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        // The page runs only its own script; it talks to this backend and, for the bytes, to S3.
        .putHeader(
            "Content-Security-Policy",
            "default-src 'self'; connect-src 'self' http: https:; img-src 'self' data:;"
                + " frame-ancestors 'none'")
        .end(bodies.get(path));
  }

  private static Buffer read(String file) {
    try (InputStream in = DemoPage.class.getResourceAsStream(FOLDER + file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + FOLDER + file);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
