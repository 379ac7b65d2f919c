package dev.presign.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GNU-style options ({@code --name value}, {@code --name=value}, flags) checked against a declared
 * list, so a typo is an error rather than silently ignored.
 */
public final class CommandLine {
  /** One declared option; {@code valueName} null makes it a flag. */
  public record Option(String name, String valueName, String help) {
    boolean isFlag() {
      return valueName == null;
    }
  }

  private final Map<String, String> values;

  private CommandLine(Map<String, String> values) {
    this.values = values;
  }

  public static CommandLine parse(List<String> args, List<Option> declared) {
    Map<String, Option> byName = new LinkedHashMap<>();
    declared.forEach(o -> byName.put(o.name(), o));
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException(
            "unexpected argument '" + arg + "': options start with --; see --help");
      }
      String name = arg.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option option = byName.get(name);
      if (option == null) {
        throw new UsageException("unknown option --" + name + "; see --help for the options");
      }
      if (values.containsKey(name)) {
        throw new UsageException("--" + name + " is given twice; give it once");
      }
      if (option.isFlag()) {
        if (inline != null) {
          throw new UsageException("--" + name + " is a flag and takes no value");
        }
        values.put(name, "true");
      } else if (inline != null) {
        values.put(name, inline);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        values.put(name, args.get(++i));
      } else {
        throw new UsageException(
            "--" + name + " needs a value: --" + name + " " + option.valueName());
      }
    }
    return new CommandLine(values);
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public String required(String name, String what) {
    return value(name)
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> new UsageException("--" + name + " is required: " + what));
  }

  public boolean flag(String name) {
    return values.containsKey(name);
  }

  /** A whole number in [min, max], or the default when absent. */
  public long number(String name, long defaultValue, long min, long max) {
    Optional<String> raw = value(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(raw.get().trim());
      if (parsed < min || parsed > max) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--"
              + name
              + " must be a whole number from "
              + min
              + " to "
              + max
              + ", not '"
              + raw.get()
              + "'");
    }
  }

  public static String help(String usage, List<Option> options) {
    StringBuilder out = new StringBuilder(usage).append("\n\nOptions:\n");
    for (Option option : options) {
      String left = "  --" + option.name() + (option.isFlag() ? "" : " " + option.valueName());
      out.append(String.format("%-30s %s%n", left, option.help()));
    }
    return out.toString();
  }
}
