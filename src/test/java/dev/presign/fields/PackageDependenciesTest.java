package dev.presign.fields;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pure packages speak the neutral vocabulary and nothing more: {@code fields} imports no other
 * package of the project, {@code signing} and {@code naming} only {@code fields}. An edge type in
 * their imports would bring an HTTP, CRD or CLI name back into their errors.
 */
class PackageDependenciesTest {
  private static final Pattern PROJECT_IMPORT =
      Pattern.compile("^import (?:static )?dev\\.presign\\.([a-z0-9]+)\\.", Pattern.MULTILINE);

  static Stream<Arguments> packages() {
    return Stream.of(
        Arguments.of("fields", Set.of()),
        Arguments.of("signing", Set.of("fields")),
        Arguments.of("naming", Set.of("fields")));
  }

  @ParameterizedTest(name = "{0} imports only {1}")
  @MethodSource("packages")
  void importsOnlyTheNeutralVocabulary(String name, Set<String> allowed) throws IOException {
    Path dir =
        Path.of(System.getProperty("basedir", ""))
            .toAbsolutePath()
            .resolve("src/main/java/dev/presign")
            .resolve(name);
    List<Path> sources;
    try (Stream<Path> files = Files.list(dir)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    assertThat(sources).isNotEmpty();
    for (Path source : sources) {
      Matcher imports = PROJECT_IMPORT.matcher(Files.readString(source));
      while (imports.find()) {
        assertThat(allowed)
            .as(source.getFileName() + " imports dev.presign." + imports.group(1))
            .contains(imports.group(1));
      }
    }
  }
}
