package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An UploadClass is Ready only when its credentials open its bucket, and says why not. */
class ClassReadinessIT {
  private static final String CANARY = "canary-secret-value-5e1f";
  private OperatorFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = OperatorFixture.start();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private Optional<Condition> ready(String className) {
    UploadClass uploadClass =
        fixture.client().resources(UploadClass.class).withName(className).get();
    return uploadClass.getStatus() == null
        ? Optional.empty()
        : uploadClass.getStatus().findCondition(ConditionTypes.READY);
  }

  private Condition awaitReady(String className, String status, String reason) {
    return Await.until(
        className + " Ready=" + status + "/" + reason,
        Duration.ofSeconds(60),
        () -> ready(className).orElse(null),
        c -> status.equals(c.getStatus()) && reason.equals(c.getReason()));
  }

  private UploadClass createClass(String name, String secretName) throws Exception {
    UploadClass uploadClass = fixture.exampleClass();
    uploadClass.getMetadata().setName(name);
    uploadClass.getMetadata().setAnnotations(null);
    uploadClass.getSpec().getCredentials().getSecretRef().setName(secretName);
    return fixture.client().resource(uploadClass).create();
  }

  @Test
  void exampleClassBecomesReadyAfterAProbe() {
    Condition ready = awaitReady("default", "True", "Probed");
    UploadClass uploadClass =
        fixture.client().resources(UploadClass.class).withName("default").get();
    assertThat(uploadClass.getStatus().getCredentialsSource())
        .isEqualTo("secret presign-system/s3-credentials");
    assertThat(uploadClass.getStatus().getObservedGeneration())
        .isEqualTo(uploadClass.getMetadata().getGeneration());
    assertThat(ready.getMessage()).contains("uploads");
  }

  @Test
  void missingSecretKeepsTheClassAndItsRequestsWaitingUntilItAppears() throws Exception {
    createClass("late-secret", "not-yet");
    Condition notReady = awaitReady("late-secret", "False", "CredentialsNotFound");
    assertThat(notReady.getMessage())
        .contains("presign-system/not-yet")
        .contains("AWS_ACCESS_KEY_ID");

    UploadRequestSpec spec = new UploadRequestSpec("waiting.txt", 3);
    spec.setUploadClassName("late-secret");
    fixture.create("waiting", spec);
    UploadRequest waiting =
        Await.until(
            "waiting pending with a reason",
            Duration.ofSeconds(10),
            () -> fixture.get("waiting"),
            r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.PENDING);
    assertThat(waiting.getStatus().findCondition(ConditionTypes.READY).get().getMessage())
        .contains("late-secret")
        .contains("CredentialsNotFound")
        .contains("presign-system/not-yet");

    Secret secret =
        new SecretBuilder(fixture.exampleSecret())
            .editMetadata()
            .withName("not-yet")
            .endMetadata()
            .build();
    fixture.client().resource(secret).create();

    awaitReady("late-secret", "True", "Probed");
    fixture.awaitPhase("waiting", Phase.ISSUED);
  }

  @Test
  void wrongSecretIsCredentialsInvalidWithoutLeakingIt() throws Exception {
    Secret wrong =
        new SecretBuilder()
            .withNewMetadata()
            .withName("wrong")
            .withNamespace(OperatorFixture.SYSTEM_NAMESPACE)
            .endMetadata()
            .withStringData(
                Map.of("AWS_ACCESS_KEY_ID", "test-access-key", "AWS_SECRET_ACCESS_KEY", CANARY))
            .build();
    fixture.client().resource(wrong).create();
    createClass("wrong-secret", "wrong");

    Condition notReady = awaitReady("wrong-secret", "False", "CredentialsInvalid");
    assertThat(notReady.getMessage()).contains("refused").doesNotContain(CANARY);

    UploadRequestSpec spec = new UploadRequestSpec("never.txt", 3);
    spec.setUploadClassName("wrong-secret");
    fixture.create("refused", spec);
    UploadRequest pending =
        Await.until(
            "refused pending",
            Duration.ofSeconds(10),
            () -> fixture.get("refused"),
            r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.PENDING);
    assertThat(pending.getStatus().findCondition(ConditionTypes.READY).get().getMessage())
        .contains("CredentialsInvalid");

    // Fixing the Secret in place is noticed without touching the class.
    fixture
        .client()
        .resource(
            new SecretBuilder(wrong)
                .withStringData(
                    Map.of(
                        "AWS_ACCESS_KEY_ID",
                        "test-access-key",
                        "AWS_SECRET_ACCESS_KEY",
                        fixture.s3.secretKey()))
                .build())
        .update();
    awaitReady("wrong-secret", "True", "Probed");
    fixture.awaitPhase("refused", Phase.ISSUED);
    // Events are written in the background: wait for the class's and the request's, then check them
    // all.
    var events =
        Await.until(
            "CredentialsInvalid and Issued events",
            Duration.ofSeconds(10),
            () -> fixture.client().v1().events().inAnyNamespace().list().getItems(),
            list ->
                list.stream().anyMatch(e -> "CredentialsInvalid".equals(e.getReason()))
                    && list.stream()
                        .anyMatch(
                            e ->
                                "Issued".equals(e.getReason())
                                    && "refused".equals(e.getInvolvedObject().getName())));
    assertThat(events).noneMatch(e -> e.getMessage().contains(CANARY));
    assertThat(fixture.client().resources(UploadClass.class).list().getItems().toString())
        .doesNotContain(CANARY);
  }

  @Test
  void missingBucketIsBucketNotFound() throws Exception {
    UploadClass uploadClass = fixture.exampleClass();
    uploadClass.getMetadata().setName("no-bucket");
    uploadClass.getMetadata().setAnnotations(null);
    uploadClass.getSpec().setBucket("does-not-exist");
    fixture.client().resource(uploadClass).create();

    assertThat(awaitReady("no-bucket", "False", "BucketNotFound").getMessage())
        .contains("does-not-exist");
  }
}
