package dev.presign.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void printedInstructionsNameTheEndpointsAndTheToken() {
    String text =
        Instructions.text(
            "http://127.0.0.1:8080",
            "http://127.0.0.1:9000",
            LocalMode.TOKEN,
            Path.of(".local/s3"));
    assertThat(text)
        .contains("curl -s -X POST http://127.0.0.1:8080/api/v1/uploads/")
        .contains("Bearer local-dev-token")
        .contains("/complete")
        .contains("/download-url");
  }
}
