package dev.presign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects of one {@code helm template} output, each parsed with fabric8's {@link
 * Serialization#unmarshal} (kinds without a model class become {@code GenericKubernetesResource})
 * and remembered with the chart file it came from.
 */
final class Rendering {

  /** One rendered object and the chart file it came from, e.g. {@code templates/role.yaml}. */
  record Doc(String source, String yaml, HasMetadata object) {}

  private static final Pattern SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");
  private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: [^/]+/(.+?)\\s*$");

  private final List<Doc> docs;

  private Rendering(List<Doc> docs) {
    this.docs = List.copyOf(docs);
  }

  static Rendering parse(String helmOutput) {
    List<Doc> docs = new ArrayList<>();
    for (String part : SEPARATOR.split(helmOutput)) {
      if (part.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      Matcher source = SOURCE.matcher(part);
      String file = source.find() ? source.group(1) : "";
      docs.add(new Doc(file, part, Serialization.unmarshal(part, HasMetadata.class)));
    }
    return new Rendering(docs);
  }

  List<Doc> docs() {
    return docs;
  }

  List<HasMetadata> objects() {
    return docs.stream().map(Doc::object).toList();
  }

  /** Every object of a model class, e.g. {@code all(Role.class)}. */
  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Every object of a kind, whatever class it was parsed into. */
  List<HasMetadata> ofKind(String kind) {
    return objects().stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  /** The one object of a model class; fails when there is none or more than one. */
  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    assertThat(found).as("rendered %s objects", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
