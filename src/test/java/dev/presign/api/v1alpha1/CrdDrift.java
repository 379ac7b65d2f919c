package dev.presign.api.v1alpha1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Compares a directory of committed CRD files with the freshly generated ones. */
final class CrdDrift {

  private final Path generatedDir;

  CrdDrift(Path generatedDir) {
    this.generatedDir = generatedDir;
  }

  /** Every way {@code committedDir} differs from the generated CRDs; empty when identical. */
  List<String> problems(Path committedDir) {
    List<String> problems = new ArrayList<>();
    Set<String> generated = crdFiles(generatedDir);
    if (generated.isEmpty()) {
      problems.add("no generated CRDs in " + generatedDir);
      return problems;
    }
    if (!Files.isDirectory(committedDir)) {
      problems.add(committedDir.getFileName() + "/ does not exist");
      return problems;
    }
    for (String name : generated) {
      Path committed = committedDir.resolve(name);
      if (!Files.exists(committed)) {
        problems.add(name + " is missing");
        continue;
      }
      String difference = firstDifference(read(generatedDir.resolve(name)), read(committed));
      if (difference != null) {
        problems.add(name + " differs from the generated file: " + difference);
      }
    }
    for (String name : crdFiles(committedDir)) {
      if (!generated.contains(name)) {
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
      return Files.readString(file).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
