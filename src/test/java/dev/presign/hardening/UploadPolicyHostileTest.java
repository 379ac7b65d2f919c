package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.fields.UploadField;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.uploads.LabelSelectorMatcher;
import dev.presign.uploads.UploadPolicy;
import dev.presign.uploads.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the operator writes into conditions and Events when it refuses a request must not carry the
 * request's hostile text as is: a person reads it in {@code kubectl describe}.
 */
class UploadPolicyHostileTest {
  private final UploadPolicy policy =
      new UploadPolicy(new LabelSelectorMatcher(), new ContentTypePolicy());

  @Test
  void aRefusedFolderIsEchoedWithoutControlFormatOrSeparatorCharacters() {
    UploadClassSpec strict = new UploadClassSpec();
    strict.setBucket("uploads");
    strict.setAllowedUploadTo(List.of("avatars"));
    for (String folder :
        new String[] {
          "\u202egnp.exe",
          "a\u0085b\u009bc",
          "x\u2028y\u2029z",
          "zero\u200bwidth\ufeff",
          "\u0000\u0007\u001b[31m",
          "a".repeat(63) + "\ud83d\ude00tail",
          "\ud800lone",
        }) {
      UploadRequestSpec spec = new UploadRequestSpec("a.pdf", 1);
      spec.setUploadTo(folder);
      Optional<Violation> refused =
          policy.checkAgainstClass(spec, strict, "strict", Map.of(), "ns");
      assertThat(refused).as(folder).isPresent();
      assertThat(refused.get().field()).isEqualTo(UploadField.UPLOAD_TO);
      AnswerChecks.readable(refused.get().describe(), folder);
    }
  }

  @Test
  void metadataIsCheckedBeforeSigningWhateverTheMethod() {
    Map<String, String> tooMany = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 33; i++) {
      tooMany.put("k" + i, "v");
    }
    Map<String, String> twice = new java.util.LinkedHashMap<>();
    twice.put("a", "1");
    twice.put("A", "2");
    List<Map<String, String>> refused =
        List.of(
            Map.of("\u202eevil", "v"),
            Map.of("a\u0085b", "v"),
            Map.of("x".repeat(200) + "\u2028", "v"),
            Map.of("\u212a", "v"),
            Map.of("", "v"),
            Map.of("-a", "v"),
            twice,
            Map.of("ok", "caf\u00e9"),
            Map.of("ok", "line\r\nbreak"),
            Map.of("ok", "v".repeat(2100)),
            tooMany);
    for (Map<String, String> metadata : refused) {
      for (UploadMethod method : new UploadMethod[] {null, UploadMethod.POST, UploadMethod.PUT}) {
        UploadRequestSpec spec = new UploadRequestSpec("a.pdf", 1);
        spec.setMetadata(metadata);
        spec.setMethod(method);
        Optional<Violation> violation = policy.checkSpec(spec);
        String what = metadata.keySet() + " " + method;
        assertThat(violation).as(what).isPresent();
        assertThat(violation.get().field()).as(what).isEqualTo(UploadField.METADATA);
        AnswerChecks.readable(violation.get().describe(), what);
      }
    }
    UploadRequestSpec fine = new UploadRequestSpec("a.pdf", 1);
    fine.setMetadata(Map.of("a-b_c", "x y", "Upper", "", "k".repeat(128), "v"));
    assertThat(policy.checkSpec(fine)).isEmpty();
  }

  @Test
  void aClassNameThatCannotBeAnObjectNameIsRefusedWithoutEchoingIt() {
    for (String name :
        new String[] {
          "\u202eevil",
          "a\u0000b",
          "../default",
          "DEFAULT",
          "default\n",
          "-x",
          "x".repeat(254),
          "a b"
        }) {
      UploadRequestSpec spec = new UploadRequestSpec("a.pdf", 1);
      spec.setUploadClassName(name);
      Optional<Violation> violation = policy.checkSpec(spec);
      assertThat(violation).as(name).isPresent();
      assertThat(violation.get().field()).isEqualTo(UploadField.UPLOAD_CLASS);
      AnswerChecks.readable(violation.get().describe(), name);
      assertThat(violation.get().describe()).doesNotContain(name);
    }
    for (String name : new String[] {"default", "team-a.uploads", "x".repeat(253), "", " "}) {
      UploadRequestSpec spec = new UploadRequestSpec("a.pdf", 1);
      spec.setUploadClassName(name);
      assertThat(policy.checkSpec(spec)).as(name).isEmpty();
    }
  }
}
