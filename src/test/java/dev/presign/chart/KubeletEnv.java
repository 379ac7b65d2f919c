package dev.presign.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a container would get, resolved as the kubelet does for what the chart uses:
 * plain values, downward-API fieldRefs to the pod's name and namespace, and {@code $(VAR)}
 * references to variables defined earlier in the list ({@code $$} escapes a dollar).
 */
final class KubeletEnv {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private KubeletEnv() {}

  static Map<String, String> resolve(Container container, String podName, String podNamespace) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      String value;
      if (var.getValueFrom() != null) {
        if (var.getValueFrom().getFieldRef() == null) {
          throw new IllegalArgumentException(var.getName() + ": only fieldRef is simulated here");
        }
        String path = var.getValueFrom().getFieldRef().getFieldPath();
        value =
            switch (path) {
              case "metadata.name" -> podName;
              case "metadata.namespace" -> podNamespace;
              default -> throw new IllegalArgumentException(var.getName() + ": fieldRef " + path);
            };
      } else {
        value = expand(var.getValue() == null ? "" : var.getValue(), env);
      }
      env.put(var.getName(), value);
    }
    return env;
  }

  /** Unknown references stay as they are, like the kubelet leaves them. */
  private static String expand(String value, Map<String, String> earlier) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) == null) {
        replacement = "$";
      } else {
        replacement = earlier.getOrDefault(m.group(1), m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
