package dev.presign.local;

import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * What keeps the demo's app backend from lending its token to other web pages. It adds the dev
 * token to what it forwards, so it must answer only its own page: a request whose {@code Host} is
 * not the backend's own address (a DNS-rebinding page) is refused, and so is a request the browser
 * marks as sent by another site ({@code Sec-Fetch-Site}), such as an image tag on a web page
 * pointing at {@code GET /s3/params}. Clients that are not browsers (curl) send no {@code
 * Sec-Fetch-Site} and pass. The page itself may be opened from anywhere (a link in a README): only
 * the forwarded calls need the second check. A real app backend checks its user's session instead.
 */
final class SameOriginGuard {
  /** A browser sends these for the page's own requests and for a URL typed by the user. */
  private static final Set<String> OWN_REQUESTS = Set.of("same-origin", "none");

  private final Set<String> ownHosts;

  /**
   * @param port the port the backend listens on
   */
  SameOriginGuard(int port) {
    this.ownHosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
  }

  /** The reason to refuse the request, or null when it is the page's own. */
  String refusal(String host, String fetchSite) {
    if (host == null || !ownHosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
      return "this demo backend answers only requests addressed to "
          + String.join(" or ", ownHosts);
    }
    if (fetchSite != null && !OWN_REQUESTS.contains(fetchSite)) {
      return "this demo backend answers only its own page (Sec-Fetch-Site: "
          + fetchSite
          + " was refused)";
    }
    return null;
  }

  /** A route handler for the page: refuses another Host with 403, else passes the request on. */
  void checkHost(RoutingContext ctx) {
    answer(ctx, refusal(host(ctx), null));
  }

  /** A route handler for forwarded calls: refuses another Host or another site with 403. */
  void check(RoutingContext ctx) {
    answer(ctx, refusal(host(ctx), ctx.request().getHeader("Sec-Fetch-Site")));
  }

  private static String host(RoutingContext ctx) {
    // The authority is the Host header in HTTP/1.1 and :authority in HTTP/2 (which Java's client
    // negotiates by itself).
    HostAndPort authority = ctx.request().authority();
    if (authority == null) {
      return null;
    }
    return authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
  }

  private static void answer(RoutingContext ctx, String refusal) {
    if (refusal != null) {
      ctx.response()
          .setStatusCode(403)
          .putHeader("Content-Type", "application/json")
          .end(new io.vertx.core.json.JsonObject().put("detail", refusal).encode());
      return;
    }
    ctx.next();
  }
}
