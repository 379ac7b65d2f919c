package dev.presign.api.v1alpha1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares a directory of committed CRD files with the expected ones: the generated CRDs after
 * {@link GeneratedCrdPostProcessor}.
 */
final class CrdDrift {

  private final SortedMap<String, String> expected;

  /** {@code expected}: file name → content. */
  CrdDrift(Map<String, String> expected) {
    this.expected = new TreeMap<>(expected);
  }

  /** Every way {@code committedDir} differs from the expected CRDs; empty when identical. */
  List<String> problems(Path committedDir) {
    List<String> problems = new ArrayList<>();
    if (expected.isEmpty()) {
      problems.add("no generated CRDs");
      return problems;
    }
    if (!Files.isDirectory(committedDir)) {
      problems.add(committedDir.getFileName() + "/ does not exist");
      return problems;
    }
    for (Map.Entry<String, String> file : expected.entrySet()) {
      String name = file.getKey();
      Path committed = committedDir.resolve(name);
      if (!Files.exists(committed)) {
        problems.add(name + " is missing");
        continue;
      }
      String difference = firstDifference(normalize(file.getValue()), read(committed));
      if (difference != null) {
        problems.add(name + " differs from the generated, post-processed CRD: " + difference);
      }
    }
    for (String name : crdFiles(committedDir)) {
      if (!expected.containsKey(name)) {
        problems.add(name + " is not generated any more (stale: remove it)");
      }
    }
    return problems;
  }

  private static Set<String> crdFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      Set<String> names = new TreeSet<>();
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .forEach(names::add);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return normalize(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String normalize(String text) {
    return text.replace("\r\n", "\n");
  }

  /** Null when equal, otherwise the first differing line of both texts. */
  private static String firstDifference(String expected, String actual) {
    if (expected.equals(actual)) {
      return null;
    }
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end of file>";
      String al = i < a.length ? a[i] : "<end of file>";
      if (!el.equals(al)) {
        return "line "
            + (i + 1)
            + ": generated ["
            + el.strip()
            + "] committed ["
            + al.strip()
            + "]";
      }
    }
    return "content differs";
  }
}
