package dev.presign.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects the problems of a request body field by field, so that one answer names every field that
 * is wrong (as Django REST Framework does) instead of only the first: a client fixing its request
 * should not need one round trip per field. One message per field, the first found.
 */
final class FieldErrors {
  private final Map<String, String> errors = new LinkedHashMap<>();

  /**
   * Runs the check of one field; a 400 it throws is recorded and {@code null} returned, so the next
   * field is still checked.
   */
  <T> T check(String field, Supplier<T> check) {
    try {
      return check.get();
    } catch (ApiError e) {
      if (e.status() != 400 || e.fieldErrors().isEmpty()) {
        throw e;
      }
      e.fieldErrors().forEach(errors::putIfAbsent);
      return null;
    }
  }

  /**
   * @throws ApiError 400 naming every field recorded, in the order they were checked
   */
  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ApiError.fields(errors);
    }
  }
}
