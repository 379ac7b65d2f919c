package dev.presign.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks spec.notify.url the way the CRD does, for classes stored without its rules (an older CRD,
 * or an API server that skipped them): http or https, a host, no user name or password (it would
 * show wherever the URL is shown), no fragment.
 */
public final class NotifyUrlCheck {

  /**
   * @throws IllegalArgumentException naming spec.notify.url and what is allowed, without repeating
   *     the value (it may hold a password)
   */
  public URI check(String url) {
    String allowed =
        "spec.notify.url must be http:// or https://, a host, an optional path and query, without"
            + " a user name, password or fragment";
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(allowed + " (it is empty)");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(allowed + " (it is not a valid URL)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(allowed + " (its scheme is not http or https)");
    }
    if (uri.getRawUserInfo() != null
        || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
      throw new IllegalArgumentException(allowed + " (it has a user name or password)");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException(allowed + " (it has no host)");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException(allowed + " (it has a fragment)");
    }
    return uri;
  }

  /** Scheme, host and port only: what messages and logs show of a receiver. */
  public String shown(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
