package dev.presign.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The documented defaults hold without any CRD defaulting (the mock API server applies none). */
class UploadClassSpecTest {

  @Test
  void emptySpecGetsTheDocumentedDefaults() {
    UploadClassSpec spec = new UploadClassSpec();

    assertThat(spec.effectiveRegion()).isEqualTo("us-east-1");
    assertThat(spec.hasCustomEndpoint()).isFalse();
    assertThat(spec.effectiveAddressingStyle()).isEqualTo(AddressingStyle.VIRTUAL);
    assertThat(spec.usesDefaultCredentialChain()).isTrue();
    assertThat(spec.credentialsSecretRef()).isEmpty();
    assertThat(spec.effectiveKeyPrefix()).isEqualTo("media/");
    assertThat(spec.effectiveDefaultUploadTo()).isEqualTo("uploads");
    assertThat(spec.effectiveDefaultExpiresInSeconds()).isEqualTo(3600);
    assertThat(spec.effectiveMaxExpiresInSeconds()).isEqualTo(604800);
    assertThat(spec.effectiveMethod()).isEqualTo(UploadMethod.POST);
    assertThat(spec.maxFileSizeBytes()).isEmpty();
    assertThat(spec.getSuccessActionStatus()).as("not sent unless set").isNull();
  }

  @Test
  void setValuesWin() {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setRegion("eu-west-1");
    spec.setKeyPrefix("files/");
    spec.setDefaultUploadTo("inbox");
    spec.setDefaultExpiresInSeconds(600);
    spec.setMaxExpiresInSeconds(900);
    spec.setMethod(UploadMethod.PUT);
    spec.setCredentials(new UploadCredentials(new SecretReference("ns", "creds")));

    assertThat(spec.effectiveRegion()).isEqualTo("eu-west-1");
    assertThat(spec.effectiveKeyPrefix()).isEqualTo("files/");
    assertThat(spec.effectiveDefaultUploadTo()).isEqualTo("inbox");
    assertThat(spec.effectiveDefaultExpiresInSeconds()).isEqualTo(600);
    assertThat(spec.effectiveMaxExpiresInSeconds()).isEqualTo(900);
    assertThat(spec.effectiveMethod()).isEqualTo(UploadMethod.PUT);
    assertThat(spec.usesDefaultCredentialChain()).isFalse();
    assertThat(spec.credentialsSecretRef()).contains(new SecretReference("ns", "creds"));
  }

  @Test
  void emptyKeyPrefixMeansNoPrefixButBlankRegionAndFolderMeanDefault() {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setKeyPrefix("");
    spec.setRegion(" ");
    spec.setDefaultUploadTo("");

    assertThat(spec.effectiveKeyPrefix()).isEmpty();
    assertThat(spec.effectiveRegion()).isEqualTo("us-east-1");
    assertThat(spec.effectiveDefaultUploadTo()).isEqualTo("uploads");
  }

  @Test
  void credentialsWithoutSecretRefFallBackToTheDefaultChain() {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setCredentials(new UploadCredentials());

    assertThat(spec.usesDefaultCredentialChain()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "'', , virtual",
    "http://127.0.0.1:9000, , path",
    "https://acct.r2.cloudflarestorage.com, virtual, virtual",
    "'', path, path",
  })
  void addressingStyleDependsOnTheEndpointUnlessSet(
      String endpoint, String style, String expected) {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setEndpoint(endpoint);
    spec.setAddressingStyle(style == null ? null : AddressingStyle.valueOf(style.toUpperCase()));

    assertThat(spec.effectiveAddressingStyle().value()).isEqualTo(expected);
  }

  @Test
  void defaultExpiryIsLoweredToTheMaximum() {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setMaxExpiresInSeconds(600);

    assertThat(spec.effectiveDefaultExpiresInSeconds()).isEqualTo(600);
  }

  @ParameterizedTest
  @CsvSource({"100Mi, 104857600", "1.5Ki, 1536", "5G, 5000000000", "77000, 77000", "0.5, 0"})
  void maxFileSizeIsConvertedToBytes(String quantity, long bytes) {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setMaxFileSize(new Quantity(quantity));

    assertThat(spec.maxFileSizeBytes()).hasValue(bytes);
  }

  @Test
  void invalidOrNegativeMaxFileSizeIsReported() {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setMaxFileSize(new Quantity("lots"));
    assertThatThrownBy(spec::maxFileSizeBytes)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lots");

    spec.setMaxFileSize(new Quantity("-1Mi"));
    assertThatThrownBy(spec::maxFileSizeBytes)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void anyFolderIsAllowedWhenTheListIsEmpty() {
    UploadClassSpec spec = new UploadClassSpec();
    assertThat(spec.allowsUploadTo("anything/at/all")).isTrue();

    spec.setAllowedUploadTo(List.of());
    assertThat(spec.allowsUploadTo("anything")).isTrue();
  }

  @Test
  void listedFoldersAndTheDefaultFolderAreAllowed() {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setAllowedUploadTo(List.of("avatars", "docs/"));

    assertThat(spec.allowsUploadTo("avatars")).isTrue();
    assertThat(spec.allowsUploadTo("avatars/")).isTrue();
    assertThat(spec.allowsUploadTo("docs")).isTrue();
    assertThat(spec.allowsUploadTo("uploads")).as("the default folder").isTrue();
    assertThat(spec.allowsUploadTo("avatars/private")).isFalse();
    assertThat(spec.allowsUploadTo("other")).isFalse();
  }

  @Test
  void toStringHidesAnEndpointWithAPassword() {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setEndpoint("https://user:canary-pw@minio.example.test");
    assertThat(spec.toString()).doesNotContain("canary-pw").contains("endpoint=(hidden");
    spec.setEndpoint("https://minio.example.test");
    assertThat(spec.toString()).contains("endpoint=https://minio.example.test,");
  }

  /** isolateNamespaces, namespaceSelector, effective value. */
  @ParameterizedTest(name = "isolateNamespaces={0}, selector={1} -> {2}")
  @CsvSource({
    ",none,false",
    ",empty,false",
    ",labels,true",
    ",expressions,true",
    "true,none,true",
    "false,labels,false",
    "true,labels,true"
  })
  void namespacesAreIsolatedWhenAskedOrWhenASelectorChoosesTheNamespaces(
      Boolean isolate, String selector, boolean expected) {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setIsolateNamespaces(isolate);
    spec.setNamespaceSelector(
        switch (selector) {
          case "none" -> null;
          case "empty" -> new io.fabric8.kubernetes.api.model.LabelSelector();
          case "labels" ->
              new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                  .addToMatchLabels("uploads", "shared")
                  .build();
          default ->
              new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                  .addNewMatchExpression()
                  .withKey("team")
                  .withOperator("Exists")
                  .endMatchExpression()
                  .build();
        });

    assertThat(spec.effectiveIsolateNamespaces()).isEqualTo(expected);
  }

  /**
   * Finished requests are cached by every replica until deleted: clean-up is on unless a class
   * turns it off explicitly (issue 13).
   */
  @ParameterizedTest(name = "ttlSecondsAfterFinished {0} -> {1}")
  @CsvSource({",86400", "0,0", "3600,3600", "-1,keep"})
  void finishedRequestsAreDeletedAfterADayUnlessTheClassSaysOtherwise(
      Integer configured, String expected) {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setTtlSecondsAfterFinished(configured);

    if (expected.equals("keep")) {
      assertThat(spec.effectiveTtlSecondsAfterFinished()).isEmpty();
    } else {
      assertThat(spec.effectiveTtlSecondsAfterFinished()).hasValue(Integer.parseInt(expected));
    }
  }
}
