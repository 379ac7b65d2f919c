package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.reconciler.LabelSelectorMatcher;
import dev.presign.reconciler.UploadPolicy;
import dev.presign.reconciler.Violation;
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
      assertThat(refused.get().field()).isEqualTo("spec.uploadTo");
      AnswerChecks.readable(refused.get().describe(), folder);
    }
  }
}
