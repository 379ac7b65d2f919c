package dev.presign.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.FaultyS3Front;
import dev.presign.testing.FaultyS3Front.Mode;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.S3ProxyServer;
import dev.presign.testing.SignedForms;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * S3 failing under a running operator, through {@link FaultyS3Front} in front of a real S3Proxy:
 * refused connections, answers slower than the S3 timeout, 403 AccessDenied, 500 InternalError.
 * What must hold: the class says why it is not Ready and recovers by itself; Issued uploads stay
 * Issued (never Expired or Failed because S3 could not be asked) and become Uploaded afterwards;
 * {@code /complete} answers 503 with Retry-After; signing, which needs no S3, goes on while the
 * class is Ready, and new requests wait (Pending, with the class's reason) while it is not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3FaultsIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String CANARY = "canary-secret-3c7e-s3-faults";
  private static final int SIZE = 1000;

  private OperatorFixture fixture;
  private FaultyS3Front front;
  private HttpCaller caller;
  private KubernetesClient watchClient;
  private SignedForms seen;

  @BeforeAll
  void start() throws Exception {
    fixture = OperatorFixture.start(S3ProxyServer.startTransient(CANARY), Map.of());
    front = FaultyS3Front.start(fixture.s3.endpoint());
    patchClassSpec("{\"endpoint\": \"" + front.endpoint() + "\"}");
    fixture.auth.allow(APP, "create", NS);
    fixture.auth.allow(APP, "get", NS);
    caller = new HttpCaller(fixture.apiUrl(), fixture.auth.serviceAccountToken(NS, "app"));
    watchClient = fixture.cluster.newClient();
    seen = new SignedForms(watchClient, NS);
  }

  @AfterAll
  void stop() throws Exception {
    if (seen != null) {
      seen.close();
      watchClient.close();
    }
    if (front != null) {
      front.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "REFUSE, BucketProbeFailed, cannot reach",
    "SLOW, BucketProbeFailed, cannot reach",
    "FORBIDDEN, CredentialsInvalid, HTTP 403",
    "ERROR, BucketProbeFailed, HTTP 500",
  })
  void faultIsReportedAndRecoveredWithoutAPerson(Mode fault, String reason, String cause)
      throws Exception {
    String tag = fault.name().toLowerCase();
    front.set(Mode.PASS);
    // A fresh probe now, so the class stays Ready for a probe interval into the fault.
    probeAgain();

    HttpCaller.Reply before = caller.requestUpload(tag + "-before.pdf", SIZE);
    assertThat(before.status()).as(before.body()).isEqualTo(201);
    String beforeName = before.json().get("name").asText();

    front.set(fault);
    long faulted = System.nanoTime();

    // Signing needs no S3: while the class is Ready, new uploads are still issued.
    HttpCaller.Reply during = caller.requestUpload(tag + "-during.pdf", SIZE);
    assertThat(during.status()).as(during.body()).isEqualTo(201);

    // The browser's upload reaches S3 by another road; the operator cannot see it yet.
    JsonNode issued = before.json();
    fixture
        .s3
        .client()
        .putObject(
            b ->
                b.bucket(OperatorFixture.BUCKET)
                    .key(issued.get("key").asText())
                    .contentType(issued.get("file_type").asText()),
            RequestBody.fromBytes(new byte[SIZE]));

    HttpCaller.Reply complete = caller.complete(issued.get("id").asText());
    assertThat(complete.status()).as(complete.body()).isEqualTo(503);
    assertThat(complete.retryAfter()).isPresent();
    assertThat(complete.json().get("detail").asText())
        .contains("S3 could not be asked")
        .contains(cause)
        .doesNotContain(CANARY);

    Condition notReady =
        Await.until(
            "class default not Ready during " + fault,
            Duration.ofSeconds(60),
            () -> ready().orElse(null),
            c -> "False".equals(c.getStatus()));
    long noticed = millisSince(faulted);
    assertThat(notReady.getReason()).isEqualTo(reason);
    assertThat(notReady.getMessage()).contains(cause).doesNotContain(CANARY);

    // With the class not Ready, a new request waits and says for what.
    UploadRequestSpec spec = new UploadRequestSpec(tag + "-waiting.pdf", SIZE);
    fixture.create(tag + "-waiting", spec);
    UploadRequest waiting =
        Await.until(
            tag + "-waiting Pending",
            Duration.ofSeconds(30),
            () -> fixture.get(tag + "-waiting"),
            r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.PENDING);
    String waitingMessage =
        waiting.getStatus().findCondition(ConditionTypes.READY).get().getMessage();
    assertThat(waitingMessage)
        .contains("UploadClass default")
        .contains(reason)
        .contains(cause)
        .doesNotContain(CANARY);

    // The operator asked S3 about the issued upload during the fault and kept it Issued.
    assertThat(fixture.get(beforeName).getStatus().getPhase()).isEqualTo(Phase.ISSUED);

    long healed = System.nanoTime();
    front.set(Mode.PASS);
    Await.until(
        "class default Ready again",
        Duration.ofSeconds(60),
        () -> ready().orElse(null),
        c -> "True".equals(c.getStatus()));
    long classBack = millisSince(healed);
    fixture.awaitPhase(beforeName, Phase.UPLOADED);
    long uploaded = millisSince(healed);
    fixture.awaitPhase(tag + "-waiting", Phase.ISSUED);
    long waitingIssued = millisSince(healed);

    seen.awaitSeen(List.of(fixture.get(beforeName)), Duration.ofSeconds(30));
    assertThat(seen.phasesOf(beforeName))
        .as("phases of the upload issued before the fault")
        .containsExactlyInAnyOrder(Phase.ISSUED, Phase.UPLOADED);
    for (String name :
        new String[] {beforeName, during.json().get("name").asText(), tag + "-waiting"}) {
      // The watch may trail the GET that saw Issued by a few milliseconds.
      Await.until(
          "the watch saw " + name + " signed",
          Duration.ofSeconds(30),
          () -> seen.of(name),
          l -> !l.isEmpty());
      assertThat(seen.of(name)).as("signed forms of " + name).hasSize(1);
    }
    System.out.printf(
        "FIGURE S3 %s: class %s %d ms into the fault; after it cleared: class Ready %d ms, issued"
            + " upload Uploaded %d ms, waiting request Issued %d ms; /complete 503 in %d ms%n",
        fault, reason, noticed, classBack, uploaded, waitingIssued, complete.millis());
  }

  private Optional<Condition> ready() {
    UploadClass uploadClass =
        fixture.client().resources(UploadClass.class).withName("default").get();
    return uploadClass.getStatus() == null
        ? Optional.empty()
        : uploadClass.getStatus().findCondition(ConditionTypes.READY);
  }

  /**
   * A merge patch of the class's spec, without a resourceVersion: the operator writes the class's
   * status at any moment, and a read-modify-write ({@code edit}) would then fail with 409.
   */
  private UploadClass patchClassSpec(String specJson) {
    return fixture
        .client()
        .resources(UploadClass.class)
        .withName("default")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\": " + specJson + "}");
  }

  /** Changes the class's spec (a new generation) and waits for the probe of it to say Ready. */
  private void probeAgain() {
    Integer expiry =
        fixture
            .client()
            .resources(UploadClass.class)
            .withName("default")
            .get()
            .getSpec()
            .getDefaultExpiresInSeconds();
    UploadClass edited =
        patchClassSpec(
            "{\"defaultExpiresInSeconds\": "
                + (expiry == null || expiry == 3600 ? 3599 : 3600)
                + "}");
    long generation = edited.getMetadata().getGeneration();
    Await.until(
        "class default probed at generation " + generation,
        Duration.ofSeconds(60),
        () -> fixture.client().resources(UploadClass.class).withName("default").get(),
        c ->
            c.getStatus() != null
                && Long.valueOf(generation).equals(c.getStatus().getObservedGeneration())
                && c.getStatus()
                    .findCondition(ConditionTypes.READY)
                    .map(r -> "True".equals(r.getStatus()))
                    .orElse(false));
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
