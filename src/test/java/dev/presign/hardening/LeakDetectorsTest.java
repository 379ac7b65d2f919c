package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The detectors the secret-hygiene suite relies on find what they are meant to find. */
class LeakDetectorsTest {
  private static final Canary CANARY = Canary.of("test canary", "CnryTest", 40);

  @Test
  void aCanaryIsFoundInEverySpellingALeakCouldTake() {
    String value = CANARY.value();
    assertThat(value).contains("/").contains("+").endsWith("=");
    assertThat(CANARY.foundIn("x " + value + " y")).isNotNull();
    assertThat(CANARY.foundIn("q=" + URLEncoder.encode(value, StandardCharsets.UTF_8))).isNotNull();
    assertThat(CANARY.foundIn("{\"k\":\"" + value.replace("/", "\\/") + "\"}")).isNotNull();
    for (String around : new String[] {"", "a", "ab", "abc", "{\"token\": \""}) {
      String embedded = around + value + "\"} and more";
      byte[] bytes = embedded.getBytes(StandardCharsets.UTF_8);
      assertThat(CANARY.foundIn(Base64.getEncoder().encodeToString(bytes))).as(around).isNotNull();
      assertThat(CANARY.foundIn(Base64.getUrlEncoder().encodeToString(bytes)))
          .as(around)
          .isNotNull();
    }
    assertThat(CANARY.foundIn("nothing here")).isNull();
    assertThat(CANARY.toString()).doesNotContain(value);
  }

  @Test
  void theLogCaptureSeesLogbackJavaUtilLoggingAndTheStandardStreams() {
    String marker = "marker-" + System.nanoTime();
    try (LogCapture logs = LogCapture.start()) {
      LoggerFactory.getLogger("hardening.test").info("slf4j {}", marker);
      java.util.logging.Logger.getLogger("hardening.jul").warning("jul " + marker);
      System.out.println("stdout " + marker);
      System.err.println("stderr " + marker);
      assertThat(logs.entries())
          .extracting(LogCapture.Entry::text)
          .anyMatch(t -> t.contains("slf4j " + marker))
          .anyMatch(t -> t.contains("jul " + marker))
          .anyMatch(t -> t.contains("stdout " + marker))
          .anyMatch(t -> t.contains("stderr " + marker));
    }
  }
}
