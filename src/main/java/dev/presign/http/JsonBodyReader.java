package dev.presign.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.presign.fields.UploadField;

/**
 * Reads a request body as JSON and, when it is not, says so and where (line and column, counted
 * from 1 in characters), so a client can find a trailing comma or a missing quote. The answer never
 * quotes the body: Jackson's own messages echo the token it choked on, which may be a token or a
 * secret pasted in the wrong place; only JSON's punctuation is named.
 */
final class JsonBodyReader {
  private static final String NOT_JSON = "is not valid JSON: ";
  private static final String PUNCTUATION = "{}[],:\"";

  private JsonBodyReader() {}

  /**
   * @throws ApiError 400 under {@code non_field_errors} saying what is wrong and where
   */
  static JsonNode read(ObjectMapper json, String body) {
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiError.field(UploadField.HTTP_NON_FIELD_ERRORS, "the request body " + why(e, body));
    }
  }

  private static String why(JsonProcessingException e, String body) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (message.startsWith("Duplicate field")) {
      return "must not repeat a key";
    }
    String where = where(e.getLocation());
    if (e instanceof StreamConstraintsException) {
      return tooLarge(message) + where;
    }
    if (e instanceof MismatchedInputException && message.startsWith("Trailing token")) {
      return "must be one JSON object with nothing after it" + where;
    }
    if (e instanceof JsonEOFException) {
      return NOT_JSON + "it ends before the JSON is complete" + where;
    }
    return NOT_JSON + what(e.getLocation(), body) + where;
  }

  /** What was found at the place the parser stopped, naming JSON punctuation only. */
  private static String what(JsonLocation location, String body) {
    int offset = location == null ? -1 : (int) location.getCharOffset();
    if (offset < 0 || offset >= body.length()) {
      return "unexpected input";
    }
    // Jackson reports the (0-based) offset of the character it refused.
    char found = body.charAt(offset);
    if (found == '}' || found == ']') {
      int before = offset - 1;
      while (before >= 0 && Character.isWhitespace(body.charAt(before))) {
        before--;
      }
      if (before >= 0 && body.charAt(before) == ',') {
        return "a trailing comma before '" + found + "'";
      }
    }
    if (found == '\'') {
      return "a single quote (JSON strings and keys take double quotes)";
    }
    if (PUNCTUATION.indexOf(found) >= 0) {
      return "unexpected '" + found + "'";
    }
    if (found < 0x20) {
      return "a control character (such as a raw newline) inside a string must be escaped";
    }
    return "unexpected characters";
  }

  /** Which of the reader's bounds (set on the mapper) the body went beyond. */
  private static String tooLarge(String message) {
    if (message.startsWith("Document nesting depth")) {
      return "nests objects or arrays too deeply";
    }
    if (message.startsWith("Number value length")) {
      return "holds a number with too many digits";
    }
    if (message.startsWith("String value length")) {
      return "holds a string that is too long";
    }
    return "is larger than the JSON reader allows";
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
