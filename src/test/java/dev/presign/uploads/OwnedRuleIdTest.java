package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnedRuleIdTest {

  @Test
  void theIdIsThePrefixAndTheClassName() {
    assertThat(OwnedRuleId.forClass("default").value()).isEqualTo("presign:default");
    assertThat(OwnedRuleId.isOwned("presign:other")).isTrue();
    assertThat(OwnedRuleId.isOwned("team-rule")).isFalse();
    assertThat(OwnedRuleId.isOwned(null)).isFalse();
  }

  @Test
  void longClassNamesStayWithinS3sLimitAndApart() {
    String base = "a".repeat(250);
    OwnedRuleId one = OwnedRuleId.forClass(base + "x");
    OwnedRuleId two = OwnedRuleId.forClass(base + "y");

    assertThat(one.value()).hasSize(255).startsWith("presign:aaa");
    assertThat(two.value()).hasSize(255);
    assertThat(one).isNotEqualTo(two).isEqualTo(OwnedRuleId.forClass(base + "x"));
    assertThat(OwnedRuleId.forClass("a".repeat(247)).value()).hasSize(255).doesNotContain("~");
  }
}
