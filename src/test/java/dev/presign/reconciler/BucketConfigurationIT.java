package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.BucketConditions;
import dev.presign.api.v1alpha1.BucketCors;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.S3ProxyServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The class reconciler reports the bucket's CORS and lifecycle rule as conditions, through the real
 * wiring, against S3Proxy 4.1.0 (no bucket CORS or lifecycle API, no CORS setting: preflights are
 * refused) and the mock API server. What S3Proxy cannot store (rules written and merged) is covered
 * by BucketCorsSettingsTest and MultipartLifecycleSettingsTest.
 */
class BucketConfigurationIT {
  private static final String CANARY = "canary-secret-value-77ab";
  private static final String APP = "https://app.example.com";
  private OperatorFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = OperatorFixture.start(S3ProxyServer.startTransient(CANARY), Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private Optional<Condition> condition(String type) {
    UploadClass uploadClass =
        fixture.client().resources(UploadClass.class).withName("default").get();
    return uploadClass.getStatus() == null
        ? Optional.empty()
        : uploadClass.getStatus().findCondition(type);
  }

  private Condition await(String type, String status, String reason) {
    return Await.until(
        type + "=" + status + "/" + reason,
        Duration.ofSeconds(60),
        () -> condition(type).orElse(null),
        c -> status.equals(c.getStatus()) && reason.equals(c.getReason()));
  }

  private void edit(java.util.function.Consumer<UploadClass> change) {
    fixture
        .client()
        .resources(UploadClass.class)
        .withName("default")
        .edit(
            c -> {
              change.accept(c);
              return c;
            });
  }

  @Test
  void withoutSpecCorsTheConditionSaysTheStoreCannotBeAsked() {
    Condition cors = await(BucketConditions.CORS_READY, "Unknown", BucketConditions.UNSUPPORTED);

    assertThat(cors.getMessage())
        .startsWith("spec.cors is not set")
        .contains("GetBucketCors answered HTTP 501 NotImplemented");
    assertThat(condition(BucketConditions.MULTIPART_LIFECYCLE_READY)).isEmpty();
    assertThat(condition("Ready"))
        .hasValueSatisfying(r -> assertThat(r.getStatus()).isEqualTo("True"));
  }

  @Test
  void corsAndLifecycleFromTheClassAreReportedWithWhatIsMissing() {
    await(BucketConditions.CORS_READY, "Unknown", BucketConditions.UNSUPPORTED);
    edit(
        c -> {
          c.getSpec().setCors(new BucketCors(List.of(APP), 600));
          c.getSpec().setAbortIncompleteMultipartUploadDays(7);
        });

    Condition cors = await(BucketConditions.CORS_READY, "False", BucketConditions.RULES_MISSING);
    Condition lifecycle =
        await(BucketConditions.MULTIPART_LIFECYCLE_READY, "False", BucketConditions.UNSUPPORTED);

    assertThat(cors.getMessage())
        .contains(
            APP + " preflight for POST answered HTTP 403, preflight for PUT answered HTTP 403")
        .contains("s3proxy.cors-*");
    assertThat(lifecycle.getMessage())
        .contains("GetBucketLifecycleConfiguration answered HTTP 501 NotImplemented");
    // The class still serves uploads: servers and curl need no CORS.
    assertThat(condition("Ready"))
        .hasValueSatisfying(r -> assertThat(r.getStatus()).isEqualTo("True"));

    List<Event> events =
        Await.until(
            "CORSReady and MultipartLifecycleReady events",
            Duration.ofSeconds(20),
            () -> fixture.client().v1().events().inAnyNamespace().list().getItems(),
            list ->
                list.stream().anyMatch(e -> "CORSReadyRulesMissing".equals(e.getReason()))
                    && list.stream()
                        .anyMatch(e -> "MultipartLifecycleReadyUnsupported".equals(e.getReason())));
    assertThat(events)
        .filteredOn(e -> "CORSReadyRulesMissing".equals(e.getReason()))
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));

    UploadClass stored = fixture.client().resources(UploadClass.class).withName("default").get();
    assertThat(Serialization.asJson(stored.getStatus())).doesNotContain(CANARY);
    assertThat(events).noneMatch(e -> e.getMessage() != null && e.getMessage().contains(CANARY));

    // Without the field the lifecycle condition goes away.
    edit(c -> c.getSpec().setAbortIncompleteMultipartUploadDays(null));
    Await.until(
        "no MultipartLifecycleReady",
        Duration.ofSeconds(60),
        () -> condition(BucketConditions.MULTIPART_LIFECYCLE_READY).isEmpty() ? "gone" : null,
        "gone"::equals);
  }

  @Test
  void anInvalidOriginTheApiServerDidNotCheckIsNamed() {
    await(BucketConditions.CORS_READY, "Unknown", BucketConditions.UNSUPPORTED);
    edit(c -> c.getSpec().setCors(new BucketCors(List.of(APP, "https://app.example.com/"), null)));

    Condition cors = await(BucketConditions.CORS_READY, "False", BucketConditions.INVALID_SPEC);

    assertThat(cors.getMessage())
        .startsWith("spec.cors.allowedOrigins[1]: 'https://app.example.com/' has a trailing '/'");
  }
}
