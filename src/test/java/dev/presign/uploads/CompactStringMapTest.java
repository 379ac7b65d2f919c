package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact copy is the same map as the original: same entries, same order, same JSON. */
class CompactStringMapTest {
  private static Map<String, String> fields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("key", "media/uploads/a.pdf");
    fields.put("Content-Type", "application/pdf");
    fields.put("policy", "eyJ...");
    fields.put("x-amz-meta-empty", null);
    return fields;
  }

  @Test
  void keepsEntriesOrderAndJson() {
    Map<String, String> original = fields();
    Map<String, String> copy = CompactStringMap.copyOf(original, (name, value) -> value);
    KubernetesSerialization json = new KubernetesSerialization();

    assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(original).isEqualTo(copy);
    assertThat(copy.keySet()).containsExactly("key", "Content-Type", "policy", "x-amz-meta-empty");
    assertThat(copy.get("policy")).isEqualTo("eyJ...");
    assertThat(copy.get("absent")).isNull();
    assertThat(copy.containsKey("x-amz-meta-empty")).isTrue();
    assertThat(copy.containsKey("absent")).isFalse();
    assertThat(json.asJson(copy)).isEqualTo(json.asJson(original));
  }

  @Test
  void appliesTheValueFunctionAndRefusesChanges() {
    Map<String, String> copy =
        CompactStringMap.copyOf(fields(), (name, value) -> name.equals("key") ? "other" : value);

    assertThat(copy.get("key")).isEqualTo("other");
    assertThatThrownBy(() -> copy.put("key", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
