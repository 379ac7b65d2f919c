package dev.presign.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.S3ProxyServer;
import dev.presign.testing.SignedForms;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Temporary credentials in the class's Secret (with {@code AWS_SESSION_TOKEN} and {@code
 * AWS_CREDENTIAL_EXPIRATION}, as {@code aws configure export-credentials --format env} prints them)
 * that expire while the operator runs, then are replaced. Forms signed before keep their signature
 * and die with the token; after expiry new requests wait, Pending, saying so; fresh credentials in
 * the Secret issue them without a person.
 */
class CredentialsExpiryIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String SECRET_KEY = "canary-secret-8a2d-expiry";
  private static final String OLD_TOKEN = "canary-session-token-old-51f0";
  private static final String NEW_TOKEN = "canary-session-token-new-77c3";
  // Everything before the expiry (the Secret read, two requests Issued, one uploaded and
  // confirmed) must fit in it, on a busy machine too.
  private static final Duration LIFETIME = Duration.ofSeconds(20);

  private OperatorFixture fixture;
  private KubernetesClient watchClient;
  private SignedForms seen;
  private Instant expiry;

  @BeforeEach
  void start() throws Exception {
    // Long-lived at first: the clock of the test starts when the operator is up.
    fixture =
        OperatorFixture.start(
            S3ProxyServer.startTransient(SECRET_KEY),
            Map.of(
                "AWS_SESSION_TOKEN",
                OLD_TOKEN,
                "AWS_CREDENTIAL_EXPIRATION",
                Instant.now().plus(Duration.ofHours(1)).toString()));
    watchClient = fixture.cluster.newClient();
    seen = new SignedForms(watchClient, NS);
    expiry = Instant.now().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS);
    fixture
        .client()
        .resource(
            new SecretBuilder(fixture.exampleSecret())
                .addToStringData("AWS_CREDENTIAL_EXPIRATION", expiry.toString())
                .build())
        .update();
    UploadClass uploadClass =
        fixture.client().resources(UploadClass.class).withName("default").get();
    Await.until(
        "the operator reads the new expiry",
        Duration.ofSeconds(30),
        () ->
            fixture
                .operator()
                .classCredentials()
                .resolve(uploadClass.getSpec())
                .credentials()
                .expiry()
                .orElse(null),
        expiry::equals);
  }

  @AfterEach
  void stop() throws Exception {
    seen.close();
    watchClient.close();
    fixture.close();
  }

  @Test
  void expiredCredentialsHoldNewRequestsUntilTheSecretIsRefreshed() throws Exception {
    UploadRequest uploaded =
        fixture.awaitPhase(
            fixture.create("before-uploaded", spec("a.txt")).getMetadata().getName(), Phase.ISSUED);
    UploadRequest unused =
        fixture.awaitPhase(
            fixture.create("before-unused", spec("b.txt")).getMetadata().getName(), Phase.ISSUED);
    // The form carries the token and lives no longer than it.
    assertThat(uploaded.getStatus().getPresignedPost().getFields())
        .containsEntry("x-amz-security-token", OLD_TOKEN);
    assertThat(Instant.parse(uploaded.getStatus().getExpiresAt())).isEqualTo(expiry);

    HttpResponse<String> upload =
        new MultipartForm()
            .fields(uploaded.getStatus().getPresignedPost().getFields())
            .file("file", "text/plain", new byte[3])
            .postTo(uploaded.getStatus().getPresignedPost().getUrl());
    assertThat(upload.statusCode()).as(upload.body()).isBetween(200, 299);
    fixture.awaitPhase("before-uploaded", Phase.UPLOADED);
    assertThat(Instant.now())
        .as("the steps before the expiry done before it (LIFETIME too short for this machine?)")
        .isBefore(expiry);

    // Past the expiry: the class says so, new requests wait, the unused form dies with its token.
    Condition classExpired =
        Await.until(
            "class default not Ready after the credentials expired",
            LIFETIME.plusSeconds(30),
            this::classReady,
            c -> "False".equals(c.getStatus()));
    assertThat(classExpired.getReason()).isEqualTo("CredentialsExpired");
    assertThat(classExpired.getMessage())
        .contains("presign-system/s3-credentials")
        .contains("expired at " + expiry)
        .doesNotContain(SECRET_KEY)
        .doesNotContain(OLD_TOKEN);
    fixture.create("after-expiry", spec("c.txt"));
    UploadRequest waiting =
        Await.until(
            "after-expiry Pending",
            Duration.ofSeconds(30),
            () -> fixture.get("after-expiry"),
            r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.PENDING);
    String message = waiting.getStatus().findCondition(ConditionTypes.READY).get().getMessage();
    assertThat(message)
        .contains("UploadClass default")
        .contains("CredentialsExpired")
        .contains("expired")
        .doesNotContain(SECRET_KEY)
        .doesNotContain(OLD_TOKEN);
    fixture.awaitPhase("before-unused", Phase.EXPIRED);

    // Fresh credentials in the Secret: the waiting request is issued, nobody touches it.
    Instant freshExpiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Secret fresh =
        new SecretBuilder(fixture.exampleSecret())
            .addToStringData("AWS_SESSION_TOKEN", NEW_TOKEN)
            .addToStringData("AWS_CREDENTIAL_EXPIRATION", freshExpiry.toString())
            .build();
    long refreshed = System.nanoTime();
    fixture.client().resource(fresh).update();
    UploadRequest issued = fixture.awaitPhase("after-expiry", Phase.ISSUED);
    long issuedMillis = (System.nanoTime() - refreshed) / 1_000_000;
    assertThat(issued.getStatus().getPresignedPost().getFields())
        .containsEntry("x-amz-security-token", NEW_TOKEN);

    for (String name : new String[] {"before-uploaded", "before-unused", "after-expiry"}) {
      seen.awaitSeen(List.of(fixture.get(name)), Duration.ofSeconds(30));
      assertThat(seen.of(name)).as("signed forms of " + name).hasSize(1);
      assertThat(seen.phasesOf(name)).doesNotContain(Phase.FAILED);
    }
    // Expired without a second signature (above); its form, of no more use, left the status.
    UploadRequest expired = fixture.get("before-unused");
    assertThat(expired.getStatus().getPresignedPost()).isNull();
    assertThat(expired.getStatus().getKey()).isEqualTo(unused.getStatus().getKey());
    assertThat(expired.getStatus().getExpiresAt()).isEqualTo(unused.getStatus().getExpiresAt());
    System.out.printf(
        "FIGURE credentials expired: class CredentialsExpired, new request Pending; after the"
            + " Secret update the waiting request was Issued in %d ms%n",
        issuedMillis);
  }

  private static UploadRequestSpec spec(String file) {
    return new UploadRequestSpec(file, 3);
  }

  private Condition classReady() {
    UploadClass uploadClass =
        fixture.client().resources(UploadClass.class).withName("default").get();
    return uploadClass.getStatus() == null
        ? null
        : uploadClass.getStatus().findCondition(ConditionTypes.READY).orElse(null);
  }
}
