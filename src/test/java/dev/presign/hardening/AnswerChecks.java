package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** What every answer of the API must be, whatever was asked. */
final class AnswerChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnswerChecks() {}

  /**
   * Never 5xx; a 4xx is a JSON object with {@code errors} (an object) or {@code detail} (a string);
   * no body carries a stack trace.
   */
  static void wellBehaved(RawHttp.Reply reply) {
    wellBehaved(reply, false);
  }

  /**
   * As {@link #wellBehaved(RawHttp.Reply)}; with {@code dependencyDown}, a 503 with Retry-After is
   * also right (the test made the API server or S3 unavailable).
   */
  static void wellBehaved(RawHttp.Reply reply, boolean dependencyDown) {
    String what =
        reply.request() + " -> " + reply.status() + " " + reply.headers() + " " + reply.body();
    if (dependencyDown && reply.status() == 503) {
      assertThat(reply.header("Retry-After")).as(what).isNotNull();
    } else {
      assertThat(reply.status()).as(what).isLessThan(500);
    }
    assertThat(reply.body())
        .as(what)
        .doesNotContain("\tat ")
        .doesNotContain("Exception")
        .doesNotContain("java.");
    if (reply.status() >= 400) {
      assertThat(reply.header("Content-Type")).as(what).startsWith("application/json");
      JsonNode body = json(reply);
      assertThat(body.isObject()).as(what).isTrue();
      boolean errors =
          body.has("errors") && body.get("errors").isObject() && body.get("errors").size() > 0;
      boolean detail = body.has("detail") && body.get("detail").isTextual();
      assertThat(errors || detail).as("errors or detail in " + what).isTrue();
      // An error may quote the request back; it must not carry its controls or bidi overrides.
      body.path("errors").forEach(message -> readable(message.asText(), what));
      if (detail) {
        readable(body.get("detail").asText(), what);
      }
    }
  }

  static JsonNode json(RawHttp.Reply reply) {
    try {
      return JSON.readTree(reply.body());
    } catch (Exception e) {
      throw new AssertionError(
          "not JSON: " + reply.request() + " -> " + reply.status() + " " + reply.body());
    }
  }

  /**
   * An object key the operator chose: under {@code prefix}, no {@code .} or {@code ..} segment, no
   * empty segment, no backslash, no control or invisible character, at most 1,024 UTF-8 bytes.
   */
  static void safeKey(String key, String prefix, String context) {
    assertThat(key).as(context).isNotNull().startsWith(prefix);
    assertThat(key.getBytes(StandardCharsets.UTF_8).length).as(context).isLessThanOrEqualTo(1024);
    assertThat(key).as(context).doesNotContain("\\");
    for (String segment : key.split("/", -1)) {
      assertThat(segment)
          .as(context + " segment")
          .isNotEqualTo("..")
          .isNotEqualTo(".")
          .isNotEmpty();
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      assertThat(
              c < 0x20
                  || c == 0x7f
                  || (c >= 0x80 && c < 0xa0)
                  || Character.getType(c) == Character.FORMAT
                  || c == '\u2028'
                  || c == '\u2029'
                  || Character.isSurrogate(c))
          .as(context + " char U+%04X", (int) c)
          .isFalse();
    }
  }

  /**
   * What a person reads in {@code kubectl describe} must not be able to lie to them: no control or
   * format characters (bidi overrides, zero-width), no line separators, no broken surrogate pairs,
   * and no unbounded echo of the input.
   */
  static void readable(String message, String what) {
    assertThat(message.length()).as("length of a message: " + what).isLessThanOrEqualTo(1024);
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      int type = Character.getType(c);
      boolean surrogateOk =
          Character.isHighSurrogate(c)
              ? i + 1 < message.length() && Character.isLowSurrogate(message.charAt(i + 1))
              : !Character.isLowSurrogate(c)
                  || i > 0 && Character.isHighSurrogate(message.charAt(i - 1));
      assertThat(
              !Character.isISOControl(c)
                  && type != Character.FORMAT
                  && type != Character.LINE_SEPARATOR
                  && type != Character.PARAGRAPH_SEPARATOR
                  && surrogateOk)
          .as("U+%04X at %d of a message: %s", (int) c, i, what)
          .isTrue();
    }
  }
}
