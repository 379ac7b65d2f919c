package dev.presign.http;

import java.util.List;
import java.util.Map;

/**
 * Who is calling, as the API server's TokenReview said: a ServiceAccount's user name is {@code
 * system:serviceaccount:<namespace>:<name>}, which gives its home namespace.
 */
public record Caller(
    String username, String uid, List<String> groups, Map<String, List<String>> extra) {
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  /** The ServiceAccount's namespace, or null for a caller that is not a ServiceAccount. */
  public String serviceAccountNamespace() {
    if (username == null || !username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return null;
    }
    String rest = username.substring(SERVICE_ACCOUNT_PREFIX.length());
    int colon = rest.indexOf(':');
    return colon <= 0 ? null : rest.substring(0, colon);
  }
}
