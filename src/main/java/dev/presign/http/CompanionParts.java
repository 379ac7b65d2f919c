package dev.presign.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presign.fields.FieldLimits;
import dev.presign.uploads.ClientPart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The part numbers and part lists of the Companion routes, read strictly: S3 numbers parts 1 to
 * {@link FieldLimits#MAX_PARTS}, and whether a number is within the upload's own part count is the
 * domain's to say. Each error names the parameter as Uppy sends it.
 */
final class CompanionParts {
  /** S3's highest part number. */
  static final int MAX_PART_NUMBER = FieldLimits.MAX_PARTS;

  /**
   * Most part numbers in one batch. Uppy asks for a handful at a time; this keeps one answer to
   * about half a megabyte of URLs while still allowing any upload to be signed in a few calls.
   */
  static final int MAX_BATCH = 1_000;

  static final String PART_NUMBER = "partNumber";
  static final String PART_NUMBERS = "partNumbers";
  static final String PARTS = "parts";

  /** Longest ETag taken (S3's are 34 characters: 32 hex digits in quotes, or a few more). */
  static final int MAX_ETAG_LENGTH = 128;

  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,5}");
  private static final String RANGE = "must be a whole number from 1 to " + MAX_PART_NUMBER;

  private CompanionParts() {}

  /** {@code :partNumber} of {@code GET /s3/multipart/:uploadId/:partNumber}. */
  static int single(String raw) {
    return number(raw, PART_NUMBER);
  }

  /** {@code partNumbers=1,2,3} of the batch route: distinct, in the order given. */
  static List<Integer> batch(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw ApiError.field(PART_NUMBERS, "is required: part numbers separated by commas, e.g. 1,2");
    }
    String[] items = raw.split(",", -1);
    if (items.length > MAX_BATCH) {
      throw ApiError.field(PART_NUMBERS, "must list at most " + MAX_BATCH + " part numbers");
    }
    List<Integer> numbers = new ArrayList<>(items.length);
    Set<Integer> seen = new HashSet<>();
    for (String item : items) {
      int number = number(item, PART_NUMBERS);
      if (!seen.add(number)) {
        throw ApiError.field(PART_NUMBERS, "lists part " + number + " twice");
      }
      numbers.add(number);
    }
    return numbers;
  }

  /** {@code {"parts": [{"PartNumber": 1, "ETag": "\"...\""}]}} of the complete route. */
  static List<ClientPart> completed(JsonNode root) {
    JsonNode parts = root == null || !root.isObject() ? null : root.get(PARTS);
    String shape =
        "must be an array of {\"PartNumber\": 1, \"ETag\": \"...\"} objects, one per part, at most "
            + MAX_PART_NUMBER;
    if (parts == null || !parts.isArray() || parts.isEmpty() || parts.size() > MAX_PART_NUMBER) {
      throw ApiError.field(PARTS, shape);
    }
    List<ClientPart> result = new ArrayList<>(parts.size());
    Set<Integer> seen = new HashSet<>();
    for (JsonNode part : parts) {
      JsonNode number = part.get("PartNumber");
      JsonNode etag = part.get("ETag");
      if (!part.isObject()
          || number == null
          || !number.isIntegralNumber()
          || !number.canConvertToInt()
          || etag == null
          || !etag.isTextual()
          || etag.asText().isEmpty()
          || etag.asText().length() > MAX_ETAG_LENGTH) {
        throw ApiError.field(PARTS, shape);
      }
      int value = number.asInt();
      if (value < 1 || value > MAX_PART_NUMBER) {
        throw ApiError.field(PARTS, "PartNumber " + RANGE);
      }
      if (!seen.add(value)) {
        throw ApiError.field(PARTS, "lists part " + value + " twice");
      }
      result.add(new ClientPart(value, etag.asText()));
    }
    return result;
  }

  private static int number(String raw, String field) {
    String text = raw == null ? "" : raw.trim();
    if (!NUMBER.matcher(text).matches()) {
      throw ApiError.field(field, RANGE);
    }
    int value = Integer.parseInt(text);
    if (value < 1 || value > MAX_PART_NUMBER) {
      throw ApiError.field(field, RANGE);
    }
    return value;
  }
}
