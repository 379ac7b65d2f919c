package dev.presign.http;

import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors of the Companion routes as Companion answers them: JSON with {@code error} (a short code)
 * and {@code message} (what Uppy 5 shows the user), with the same statuses as the rest of the API.
 * The API's own {@code errors} (a field and what is allowed) or {@code detail} come along, with the
 * seed API's field names turned into the ones Uppy sends ({@code file_size} is {@code
 * metadata[size]}, ...), so an error from the operator's policy names what the app can change.
 */
final class CompanionErrors {
  private static final Logger LOG = LoggerFactory.getLogger(CompanionErrors.class);

  /** The seed API's field names, as the Companion routes call the same inputs. */
  private static final Map<String, String> FIELD_NAMES =
      Map.of(
          "original_file_name", CompanionCreate.FILENAME,
          "file_type", CompanionCreate.TYPE,
          "file_size", CompanionCreate.SIZE_FIELD,
          "metadata", CompanionCreate.METADATA);

  private CompanionErrors() {}

  /** The failure handler of the Companion routes. */
  static void failure(RoutingContext ctx) {
    Throwable error = ctx.failure();
    if (error instanceof HttpClosedException) {
      return; // the client hung up: nobody to answer
    }
    if (error instanceof ApiError api) {
      if (api.retryAfterSeconds() != null) {
        ctx.response().putHeader("Retry-After", api.retryAfterSeconds().toString());
      }
      Responses.json(ctx, api.status(), body(api.status(), api.body()));
      return;
    }
    int status = ctx.statusCode();
    if (status >= 400 && status < 500 && error == null) {
      String message =
          switch (status) {
            case 404 -> "Not found.";
            case 405 -> "Method not allowed.";
            case 413 -> "The request body is too large.";
            default -> "Bad request.";
          };
      Responses.json(ctx, status, body(status, Map.of("detail", message)));
      return;
    }
    LOG.error("unexpected error on {} {}", ctx.request().method(), ctx.normalizedPath(), error);
    Responses.json(ctx, 500, body(500, Map.of("detail", "Internal error; it has been logged.")));
  }

  /** {@code apiBody} ({@code errors} or {@code detail}, maybe {@code id}) in Companion's shape. */
  static Map<String, Object> body(int status, Map<String, Object> apiBody) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("error", code(status));
    Object errors = apiBody.get("errors");
    if (errors instanceof Map<?, ?> fields && !fields.isEmpty()) {
      Map<String, Object> renamed = new LinkedHashMap<>();
      StringBuilder message = new StringBuilder();
      for (Map.Entry<?, ?> field : fields.entrySet()) {
        String name = String.valueOf(field.getKey());
        name = FIELD_NAMES.getOrDefault(name, name);
        renamed.put(name, field.getValue());
        if (message.length() > 0) {
          message.append("; ");
        }
        message.append(name).append(": ").append(field.getValue());
      }
      json.put("message", message.toString());
      json.put("errors", renamed);
    } else {
      json.put("message", String.valueOf(apiBody.getOrDefault("detail", "Error.")));
    }
    apiBody.forEach(
        (key, value) -> {
          if (!key.equals("errors") && !key.equals("detail")) {
            json.putIfAbsent(key, value); // e.g. the id of a recorded upload
          }
        });
    return json;
  }

  private static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_requests";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }
}
