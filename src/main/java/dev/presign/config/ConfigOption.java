package dev.presign.config;

import java.util.function.Function;

/**
 * One setting: its environment variable, default, description and parser. docs/configuration.md
 * lists every option declared in {@link OperatorSettings}, and a test keeps the two in step.
 */
public record ConfigOption<T>(
    String env, String defaultValue, String description, Function<String, T> parser) {
  public T parse(String raw) {
    String value = raw == null || raw.isBlank() ? defaultValue : raw.trim();
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(env + ": " + e.getMessage() + " (got '" + value + "')", e);
    }
  }
}
