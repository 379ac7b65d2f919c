package dev.presign.naming;

import dev.presign.fields.FieldLimits;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Decides whether a requested Content-Type may be signed into an upload policy.
 *
 * <p>The value ends up in a form field and in the object's {@code Content-Type} header, so it must
 * be a plain RFC 7231 media type: a CR or LF would be header injection, and anything looser makes
 * S3's exact policy match surprising. {@link #isAllowed} then applies an {@code UploadClass}'s
 * {@code allowedContentTypes}: exact types or {@code type/*} ranges, case-insensitive.
 */
public final class ContentTypePolicy {

  /** Longest accepted Content-Type value. */
  public static final int MAX_LENGTH = FieldLimits.MAX_CONTENT_TYPE_LENGTH;

  // RFC 7231 §3.1.1.1 and RFC 7230 §3.2.6, restricted to visible ASCII and space: no HTAB in OWS
  // or quoted strings and no obs-text, so no control or non-ASCII character is ever accepted.
  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  private static final String QUOTED_STRING = "\"(?:[ !#-\\[\\]-~]|\\\\[ -~])*\"";
  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          TOKEN + "/" + TOKEN + "(?: *; *" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED_STRING + "))*");
  private static final Pattern RANGE = Pattern.compile("(" + TOKEN + ")/(" + TOKEN + ")");

  /**
   * Whether {@code contentType} is {@code type/subtype} with optional {@code ; name=value}
   * parameters (value a token or a quoted string), at most {@value #MAX_LENGTH} characters of
   * visible ASCII and spaces. {@code null} is not well-formed.
   */
  public boolean isWellFormed(String contentType) {
    return contentType != null
        && !contentType.isEmpty()
        && contentType.length() <= MAX_LENGTH
        && isVisibleAsciiOrSpace(contentType)
        && MEDIA_TYPE.matcher(contentType).matches();
  }

  /**
   * Whether {@code pattern} can be used in {@link #isAllowed}: {@code type/subtype}, {@code type/*}
   * or <code>&#42;/&#42;</code>, without parameters; surrounding whitespace and case are ignored.
   * Meant for validating an {@code UploadClass}, so a typo is reported instead of silently matching
   * nothing.
   */
  public boolean isValidPattern(String pattern) {
    if (pattern == null || pattern.length() > MAX_LENGTH) {
      return false;
    }
    var range = RANGE.matcher(pattern.strip());
    return range.matches()
        && (!range.group(1).equals("*") || range.group(2).equals("*"))
        && isVisibleAsciiOrSpace(pattern.strip());
  }

  /**
   * Whether {@code contentType} is well-formed and matches one of {@code allowedPatterns}.
   *
   * <p>An empty list allows every well-formed type. A pattern is an exact type, compared without
   * case and without the candidate's parameters ({@code text/plain; charset=utf-8} matches {@code
   * text/plain}), or {@code type/*} for any subtype of {@code type}, or <code>&#42;/&#42;</code>
   * for anything. Patterns that are not {@linkplain #isValidPattern valid} match nothing. A
   * malformed candidate is never allowed, whatever the list says.
   */
  public boolean isAllowed(String contentType, List<String> allowedPatterns) {
    Objects.requireNonNull(allowedPatterns, "allowedPatterns");
    if (!isWellFormed(contentType)) {
      return false;
    }
    if (allowedPatterns.isEmpty()) {
      return true;
    }
    String essence = essence(contentType);
    String type = essence.substring(0, essence.indexOf('/'));
    for (String pattern : allowedPatterns) {
      if (!isValidPattern(pattern)) {
        continue;
      }
      String normalized = pattern.strip().toLowerCase(Locale.ROOT);
      if (normalized.equals("*/*")
          || normalized.equals(essence)
          || normalized.equals(type + "/*")) {
        return true;
      }
    }
    return false;
  }

  private static String essence(String contentType) {
    int semicolon = contentType.indexOf(';');
    String essence = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return essence.strip().toLowerCase(Locale.ROOT);
  }

  private static boolean isVisibleAsciiOrSpace(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }
}
