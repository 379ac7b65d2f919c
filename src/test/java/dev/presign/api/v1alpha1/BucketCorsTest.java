package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketCorsTest {

  @Test
  void theSchemaPatternIsTheJavaPatternInAJsonString() throws Exception {
    String decoded =
        new ObjectMapper().readValue("\"" + BucketCors.ORIGIN_PATTERN_JSON + "\"", String.class);

    assertThat(decoded).isEqualTo(BucketCors.ORIGIN_PATTERN);
  }

  @Test
  void maxAgeDefaultsToAnHour() {
    assertThat(new BucketCors(List.of("*"), null).effectiveMaxAgeSeconds()).isEqualTo(3600);
    assertThat(new BucketCors(List.of("*"), 0).effectiveMaxAgeSeconds()).isZero();
  }

  @Test
  void specEqualityCoversTheBucketFields() {
    UploadClassSpec a = new UploadClassSpec();
    UploadClassSpec b = new UploadClassSpec();
    b.setCors(new BucketCors(List.of("https://app.example.com"), null));
    assertThat(a).isNotEqualTo(b);
    a.setCors(new BucketCors(List.of("https://app.example.com"), null));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    b.setAbortIncompleteMultipartUploadDays(7);
    assertThat(a).isNotEqualTo(b);
    assertThat(b.toString()).contains("https://app.example.com").contains("=7");
  }

  @Test
  void bucketConditionReasonsAreValidConditionReasons() {
    assertThat(BucketConditions.REASONS)
        .doesNotHaveDuplicates()
        .allSatisfy(r -> assertThat(r).matches("^[A-Z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$"));
  }
}
