package dev.presign.http;

import java.util.Map;

/**
 * An HTTP error with its JSON body: {@code {"errors": {"field": "what is allowed"}}} for bad input
 * (the DRF shape the seed's frontends parse), {@code {"detail": "..."}} otherwise.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final Map<String, Object> body;
  private final Integer retryAfterSeconds;

  private ApiError(int status, Map<String, Object> body, Integer retryAfterSeconds) {
    super(status + " " + body, null, false, false);
    this.status = status;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiError field(String field, String message) {
    return new ApiError(400, Map.of("errors", Map.of(field, message)), null);
  }

  public static ApiError fieldWithStatus(int status, String field, String message) {
    return new ApiError(status, Map.of("errors", Map.of(field, message)), null);
  }

  public static ApiError detail(int status, String detail) {
    return new ApiError(status, Map.of("detail", detail), null);
  }

  public static ApiError unavailable(String detail, int retryAfterSeconds) {
    return new ApiError(503, Map.of("detail", detail), retryAfterSeconds);
  }

  public static ApiError unavailable(Map<String, Object> body, int retryAfterSeconds) {
    return new ApiError(503, body, retryAfterSeconds);
  }

  /** 429: a limit was reached; the body names it, and Retry-After says when to try again. */
  public static ApiError tooManyRequests(String detail, int retryAfterSeconds) {
    return new ApiError(429, Map.of("detail", detail), retryAfterSeconds);
  }

  /** A refusal of the upload domain, as the HTTP API answers it. */
  public static ApiError of(dev.presign.uploads.UploadRefusal refusal) {
    return switch (refusal.kind()) {
      case CONFLICT -> fieldWithStatus(409, httpName(refusal.field()), refusal.getMessage());
      case UNAVAILABLE -> unavailable(refusal.getMessage(), refusal.retryAfterSeconds());
    };
  }

  /** The HTTP API's name of a status field the domain refuses on. */
  static String httpName(dev.presign.uploads.StatusField field) {
    return switch (field) {
      case PHASE -> "status";
      case UPLOAD_CLASS -> "upload_class";
      case BUCKET -> "bucket";
      case KEY -> "key";
      case OBJECT -> "file";
      case MULTIPART -> "uploadId";
      case PART_NUMBER -> "partNumber";
      case PARTS -> "parts";
    };
  }

  public int status() {
    return status;
  }

  public Map<String, Object> body() {
    return body;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
