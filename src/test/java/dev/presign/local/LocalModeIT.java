package dev.presign.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's local mode: everything starts on 127.0.0.1 and the demo walkthrough passes. */
class LocalModeIT {
  @Test
  void demoWalkthroughPassesAndTheFileLandsInTheFolder(@TempDir Path data) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (LocalMode local = LocalMode.start(0, 0, data)) {
      assertThat(local.apiUrl()).startsWith("http://127.0.0.1:");
      assertThat(local.s3Endpoint()).startsWith("http://127.0.0.1:");
      boolean passed =
          new Walkthrough(
                  local.apiUrl(),
                  LocalMode.TOKEN,
                  new PrintStream(printed, true, StandardCharsets.UTF_8))
              .run();
      assertThat(passed).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .contains("ok   1/5", "ok   2/5", "ok   3/5", "ok   4/5", "ok   5/5", "demo passed");
    try (var files = Files.walk(data)) {
      assertThat(files.filter(Files::isRegularFile).map(Path::toString))
          .anyMatch(p -> p.endsWith("-lorem-ipsum.txt"));
    }
  }

  /**
   * The printed curl lines, run as printed by bash in an empty folder: each step prints one line,
   * the upload to S3 (204, no body) included.
   */
  @Test
  void printedCurlLinesWorkAndEachPrintsALine(@TempDir Path data, @TempDir Path work)
      throws Exception {
    String script;
    List<String> printed;
    try (LocalMode local = LocalMode.start(0, 0, data)) {
      String text = Instructions.text(local.apiUrl(), local.s3Endpoint(), LocalMode.TOKEN, data);
      script =
          text.substring(
                  text.indexOf("Try it from another terminal:") + 30, text.indexOf("Health: "))
              .replace("\\\n", " ")
              .lines()
              .map(String::strip)
              .filter(line -> !line.isEmpty())
              .collect(Collectors.joining("\n"));
      Process bash =
          new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .start();
      try {
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("the curl lines finished").isTrue();
        printed =
            new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(bash.exitValue()).as(script + "\n" + printed).isZero();
      } finally {
        bash.destroyForcibly();
      }
    }
    assertThat(printed).as(script).hasSize(5);
    assertThat(printed.get(0)).startsWith("{\"id\":").contains("\"presigned_post_data\"");
    assertThat(printed.get(1)).isEqualTo("S3 answered 204");
    assertThat(printed.get(2)).startsWith("id ");
    assertThat(printed.get(3)).contains("\"status\":\"Uploaded\"");
    assertThat(printed.get(4)).contains("\"url\":\"http://127.0.0.1:");
  }

  @Test
  void printedInstructionsNameTheEndpointsAndTheToken() {
    String text =
        Instructions.text(
            "http://127.0.0.1:8080",
            "http://127.0.0.1:9000",
            LocalMode.TOKEN,
            Path.of(".local/s3"));
    assertThat(text)
        .contains("-X POST http://127.0.0.1:8080/api/v1/uploads/")
        .contains("Bearer local-dev-token")
        .contains("/complete")
        .contains("/download-url");
  }
}
