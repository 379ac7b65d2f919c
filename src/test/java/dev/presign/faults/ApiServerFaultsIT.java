package dev.presign.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.faults.ApiServerFaults.Kind;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.S3ProxyServer;
import dev.presign.testing.SignedForms;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API server failing UploadRequest writes: status patches by the reconciler (500, 409, a
 * timeout, a write that landed but whose answer was lost, a write that landed late) and creates by
 * the HTTP API. Whatever happens: every request is issued without a person, signed once (every
 * signed form anyone could see is recorded), and every 201 answer is what the API server keeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerFaultsIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String CANARY = "canary-secret-9d41-api-faults";
  // The operator's client gets short timeouts and one retry, as the HTTP API's client has, so a
  // fault gets through fabric8's retries to the reconciler within a test's time.
  private static final Duration OPERATOR_CLIENT_TIMEOUT = Duration.ofSeconds(4);
  private static final ObjectMapper JSON = new ObjectMapper();

  private OperatorFixture fixture;
  private HttpCaller caller;
  private KubernetesClient watchClient;
  private SignedForms forms;
  private ApiServerFaults faults;
  private final ExecutorService callers = Executors.newFixedThreadPool(4);

  @BeforeAll
  void start() throws Exception {
    fixture =
        OperatorFixture.start(
            S3ProxyServer.startTransient(CANARY),
            Map.of(),
            config ->
                config
                    .withRequestTimeout((int) OPERATOR_CLIENT_TIMEOUT.toMillis())
                    .withRequestRetryBackoffLimit(1));
    fixture.auth.allow(APP, "create", NS);
    fixture.auth.allow(APP, "get", NS);
    caller = new HttpCaller(fixture.apiUrl(), fixture.auth.serviceAccountToken(NS, "app"));
    watchClient = fixture.cluster.newClient();
    forms = new SignedForms(watchClient, NS);
    Await.until(
        "class default Ready",
        Duration.ofSeconds(60),
        () -> fixture.client().resources(UploadClass.class).withName("default").get(),
        c ->
            c.getStatus() != null
                && c.getStatus()
                    .findCondition(ConditionTypes.READY)
                    .map(r -> "True".equals(r.getStatus()))
                    .orElse(false));
  }

  @AfterAll
  void stop() throws Exception {
    callers.shutdownNow();
    if (forms != null) {
      forms.close();
      watchClient.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void installFaults() {
    faults = new ApiServerFaults(fixture.cluster, Duration.ofSeconds(5));
  }

  @AfterEach
  void removeFaults() {
    faults.close();
  }

  @ParameterizedTest(name = "status write {0} x{1}")
  @CsvSource({
    "ERROR_500, 2",
    "CONFLICT_409, 1",
    "APPLIED_THEN_500, 1",
    "APPLIED_THEN_TIMEOUT, 1",
    "APPLIED_LATE, 2",
  })
  void statusWriteFaultsNeverSignTwiceAndEveryAnswerIsWhatIsKept(Kind kind, int times)
      throws Exception {
    faults =
        new ApiServerFaults(
            fixture.cluster,
            kind == Kind.APPLIED_THEN_TIMEOUT ? OPERATOR_CLIENT_TIMEOUT : Duration.ofSeconds(5));
    faults.onStatusPatch(kind, times);
    int count = 3;
    List<Future<HttpCaller.Reply>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String file = kind.name().toLowerCase() + "-" + i + ".pdf";
      pending.add(callers.submit(() -> caller.requestUpload(file, 1000)));
    }
    long slowest = 0;
    for (Future<HttpCaller.Reply> future : pending) {
      HttpCaller.Reply reply = future.get(60, TimeUnit.SECONDS);
      assertThat(reply.status()).as(reply.body()).isEqualTo(201);
      slowest = Math.max(slowest, reply.millis());
    }
    faults.awaitLateWrites();
    // A late write or a second signature would show up within a second of the last write.
    Thread.sleep(500);

    assertThat(faults.faulted()).as("faults injected").isGreaterThanOrEqualTo(count);
    for (Future<HttpCaller.Reply> future : pending) {
      JsonNode answered = future.get().json();
      String name = answered.get("name").asText();
      UploadRequest kept = fixture.get(name);
      assertThat(kept.getStatus().getPhase()).isEqualTo(Phase.ISSUED);
      assertThat(kept.getStatus().getConditions())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.getType()).isEqualTo(ConditionTypes.READY);
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("Issued");
              });
      forms.awaitSeen(List.of(kept), Duration.ofSeconds(30));
      assertThat(forms.of(name)).as("signed forms seen for " + name).hasSize(1);
      assertThat(answered.get("key").asText()).isEqualTo(kept.getStatus().getKey());
      assertThat(answered.get("expires_at").asText()).isEqualTo(kept.getStatus().getExpiresAt());
      assertThat(JSON.convertValue(answered.get("presigned_post_data").get("fields"), Map.class))
          .isEqualTo(kept.getStatus().getPresignedPost().getFields());
      assertThat(JSON.writeValueAsString(kept.getStatus().getConditions())).doesNotContain(CANARY);
    }
    System.out.printf(
        "FIGURE status write %s x%d: %d requests, all 201, slowest answer %d ms%n",
        kind, times, count, slowest);
  }

  @ParameterizedTest(name = "create {0} x{1}")
  @CsvSource({"ERROR_500, 2", "CONFLICT_409, 1"})
  void createRefusedIsA503WithRetryAfterAndRecordsNothing(Kind kind, int times) throws Exception {
    faults.onCreate(kind, times);
    String file = "refused-" + kind.name().toLowerCase() + ".pdf";

    HttpCaller.Reply refused = caller.requestUpload(file, 1000);

    assertThat(faults.faulted()).isEqualTo(times);
    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
    assertThat(refused.retryAfter()).hasValueSatisfying(v -> assertThat(v).matches("[1-9][0-9]*"));
    assertThat(refused.json().get("detail").asText())
        .contains("could not record the upload request")
        .contains("try again")
        .doesNotContain(CANARY);
    assertThat(recorded(file)).as("UploadRequests recorded for " + file).isEmpty();

    // The caller's retry, once the API server is well again, works.
    HttpCaller.Reply retried = caller.requestUpload(file, 1000);
    assertThat(retried.status()).as(retried.body()).isEqualTo(201);
    assertThat(recorded(file)).hasSize(1);
    System.out.printf(
        "FIGURE create %s x%d: 503 after %d ms (Retry-After %s), retry 201%n",
        kind, times, refused.millis(), refused.retryAfter().orElse("-"));
  }

  @ParameterizedTest(name = "create {0} x{1}")
  @CsvSource({"APPLIED_THEN_500, 1", "APPLIED_THEN_TIMEOUT, 1", "TIMEOUT, 1"})
  void createWhoseAnswerIsLostRecordsOneRequestAndAnswersIt(Kind kind, int times) throws Exception {
    faults.onCreate(kind, times);
    String file = "lost-" + kind.name().toLowerCase() + ".pdf";

    HttpCaller.Reply reply = caller.requestUpload(file, 1000);

    assertThat(faults.faulted()).isEqualTo(times);
    assertThat(reply.status()).as(reply.body()).isIn(201, 503);
    List<UploadRequest> recorded = recorded(file);
    if (reply.status() == 503) {
      assertThat(reply.retryAfter()).isPresent();
      assertThat(reply.body()).doesNotContain(CANARY);
      assertThat(recorded).as("a 503 records nothing").isEmpty();
    } else {
      assertThat(recorded).as("one call, one UploadRequest").hasSize(1);
      UploadRequest kept =
          fixture.awaitPhase(recorded.get(0).getMetadata().getName(), Phase.ISSUED);
      JsonNode answered = reply.json();
      assertThat(answered.get("id").asText()).isEqualTo(kept.getMetadata().getUid());
      assertThat(JSON.convertValue(answered.get("presigned_post_data").get("fields"), Map.class))
          .isEqualTo(kept.getStatus().getPresignedPost().getFields());
      forms.awaitSeen(List.of(kept), Duration.ofSeconds(30));
      assertThat(forms.of(kept.getMetadata().getName())).hasSize(1);
    }
    System.out.printf(
        "FIGURE create %s x%d: %d after %d ms, %d UploadRequest(s) recorded%n",
        kind, times, reply.status(), reply.millis(), recorded.size());
  }

  private List<UploadRequest> recorded(String originalFileName) {
    return fixture
        .client()
        .resources(UploadRequest.class)
        .inNamespace(NS)
        .list()
        .getItems()
        .stream()
        .filter(r -> originalFileName.equals(r.getSpec().getOriginalFileName()))
        .toList();
  }
}
