package dev.presign.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one table of the API's paths and the methods each allows: every route is added here, so a
 * request that matched no route can be told apart as an unknown path (404) or a known path asked
 * with a method it does not allow (405 with {@code Allow}, RFC 9110 §15.5.6), without a second list
 * to keep in step with the routes.
 */
final class RouteTable {
  private final Router router;
  private final Map<String, Set<HttpMethod>> methodsByPath = new LinkedHashMap<>();

  RouteTable(Router router) {
    this.router = router;
  }

  /**
   * A route for {@code method} on {@code path} (a Vert.x path, {@code :name} for a parameter),
   * named for the metrics; the caller adds its handlers.
   */
  Route add(HttpMethod method, String path, String name) {
    methodsByPath.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(method);
    return router.route(method, path).setName(name);
  }

  /**
   * The last handler: the request matched no route. A known path gets 405 with the methods it
   * allows; anything else 404. Both go through the failure handler, so they are JSON like every
   * other error.
   */
  void unmatched(RoutingContext ctx) {
    List<HttpMethod> allowed = allowed(ctx.normalizedPath());
    if (allowed.isEmpty() || allowed.contains(ctx.request().method())) {
      // Unknown path; or a method the path allows whose route did not match it (a form of the
      // path Vert.x reads differently): not found either way.
      ctx.fail(404);
      return;
    }
    ctx.response()
        .putHeader(
            "Allow", allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
    ctx.fail(405);
  }

  /** The methods the paths matching {@code path} allow, in the order they were added. */
  List<HttpMethod> allowed(String path) {
    Set<HttpMethod> allowed = new LinkedHashSet<>();
    String[] segments = segments(path);
    methodsByPath.forEach(
        (template, methods) -> {
          if (matches(segments(template), segments)) {
            allowed.addAll(methods);
          }
        });
    return new ArrayList<>(allowed);
  }

  private static boolean matches(String[] template, String[] path) {
    if (template.length != path.length) {
      return false;
    }
    for (int i = 0; i < template.length; i++) {
      boolean parameter = template[i].startsWith(":") && !path[i].isEmpty();
      if (!parameter && !template[i].equals(path[i])) {
        return false;
      }
    }
    return true;
  }

  /** A path's segments; a trailing slash is not a segment ({@code /a/} and {@code /a} match). */
  private static String[] segments(String path) {
    String trimmed = path == null ? "" : path;
    if (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.split("/", -1);
  }
}
