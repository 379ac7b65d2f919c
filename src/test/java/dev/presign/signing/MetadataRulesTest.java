package dev.presign.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.fields.UploadField;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** User metadata rules, shared by the policy check and the POST signer: one named case each. */
class MetadataRulesTest {

  static Map<String, String> entries(int count) {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      metadata.put("k" + i, "v");
    }
    return metadata;
  }

  static Stream<Arguments> cases() {
    Map<String, String> twice = new LinkedHashMap<>();
    twice.put("Tag", "1");
    twice.put("tag", "2");
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("k", null);
    return Stream.of(
        Arguments.of("none", null, null),
        Arguments.of("empty", Map.of(), null),
        Arguments.of("32 entries", entries(32), null),
        Arguments.of("33 entries", entries(33), "must have at most 32 entries"),
        Arguments.of("letters, digits, '_' and '-'", Map.of("a-B_9", "x y"), null),
        Arguments.of("key of 128 characters", Map.of("k".repeat(128), "v"), null),
        Arguments.of(
            "key of 129 characters",
            Map.of("k".repeat(129), "v"),
            "keys must be 1 to 128 ASCII letters, digits, '_' and '-', starting with a letter or"
                + " digit; got '"
                + "k".repeat(64)
                + "…'"),
        Arguments.of(
            "empty key",
            Map.of("", "v"),
            "keys must be 1 to 128 ASCII letters, digits, '_' and '-', starting with a letter or"
                + " digit; got ''"),
        Arguments.of(
            "key starting with '-'",
            Map.of("-a", "v"),
            "keys must be 1 to 128 ASCII letters, digits, '_' and '-', starting with a letter or"
                + " digit; got '-a'"),
        Arguments.of(
            "key with a control character, echoed safely",
            Map.of("a\u0007b", "v"),
            "keys must be 1 to 128 ASCII letters, digits, '_' and '-', starting with a letter or"
                + " digit; got 'a?b'"),
        Arguments.of(
            "key given twice in different case",
            twice,
            "key 'tag' is given twice (S3 lowercases metadata keys); keep one"),
        Arguments.of(
            "value with a line break",
            Map.of("k", "a\r\nb"),
            "the value of 'k' must be printable ASCII"),
        Arguments.of("null value counts as empty", nullValue, null),
        Arguments.of("2048 bytes in all", Map.of("k", "v".repeat(2047)), null),
        Arguments.of(
            "2049 bytes in all",
            Map.of("k", "v".repeat(2048)),
            "keys and values together must be at most 2048 bytes (S3's limit)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void problem(String name, Map<String, String> metadata, String expected) {
    assertThat(MetadataRules.problem(metadata)).isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSignerRefusesWhatTheRulesRefuse(
      String name, Map<String, String> metadata, String problem) {
    Runnable build =
        () ->
            new PostPolicyRequest(
                "b-1", "k", "text/plain", 1, Duration.ofMinutes(1), metadata, null, null);
    if (problem == null) {
      build.run();
    } else {
      assertThatThrownBy(build::run)
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.field()).isEqualTo(UploadField.METADATA))
          .hasMessage(problem);
    }
  }

  @Test
  void theSignerSignsKeysAsS3StoresThem() {
    PostPolicyRequest request =
        new PostPolicyRequest(
            "b-1",
            "k",
            "text/plain",
            1,
            Duration.ofMinutes(1),
            Map.of("Camera-Model", "X100"),
            null,
            null);
    assertThat(request.metadata()).containsExactly(Map.entry("camera-model", "X100"));
  }
}
