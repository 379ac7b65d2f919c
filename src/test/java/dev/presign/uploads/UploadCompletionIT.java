package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.naming.UploadPlanner;
import dev.presign.s3.CredentialsResolver;
import dev.presign.s3.HttpHeadObject;
import dev.presign.s3.ObjectStore;
import dev.presign.s3.S3ClientCache;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PostPolicySigner;
import dev.presign.signing.SigningKeyCache;
import dev.presign.testing.MockCluster;
import dev.presign.testing.S3ProxyServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The one completion path, as a table of what is in the bucket and in the status, against the real
 * parts: the mock API server in CRUD mode and S3Proxy. Each case issues a request for real,
 * arranges the bucket, completes once and checks the outcome, the stored status and the Event.
 */
class UploadCompletionIT {
  private static final String NS = "team-a";
  private static final Clock CLOCK = Clock.fixed(Instant.now(), ZoneOffset.UTC);
  private static MockCluster cluster;
  private static S3ProxyServer s3;
  private static S3ClientCache s3Clients;
  private static EventRecorder events;
  private static UploadClass uploadClass;
  private static UploadIssuer issuer;
  private static UploadRequestStatuses statuses;
  private static UploadCompletion completion;
  private static int counter;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start();
    cluster.createNamespace(NS);
    s3 = S3ProxyServer.startTransient();
    s3.createBucket("uploads");
    s3Clients = new S3ClientCache(Duration.ofSeconds(5));
    UploadPolicy policy = new UploadPolicy(new LabelSelectorMatcher(), new ContentTypePolicy());
    UploadPlanner planner = UploadPlanner.create();
    ObjectUrlPresigner urls = new ObjectUrlPresigner(CLOCK);
    issuer =
        new UploadIssuer(planner, policy, new PostPolicySigner(CLOCK, new SigningKeyCache()), urls);
    statuses = new UploadRequestStatuses(new ConditionSetter(CLOCK));
    events = new EventRecorder(cluster.client(), CLOCK);
    UploadReporter reporter =
        new UploadReporter(
            new ConditionalStatusWriter(cluster.client()),
            events,
            new UploadMetrics(new SimpleMeterRegistry()),
            new FormSecrets(cluster.client()),
            CompletionNotices.NONE);
    // The class names no Secret: its credentials come from the "default chain", here S3Proxy's.
    CredentialsResolver fromTheTest =
        new CredentialsResolver(
            null,
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, s3.secretKey())));
    completion =
        new UploadCompletion(
            new UploadTargets(planner, policy),
            new ClassCredentials(fromTheTest, java.util.Set.of()),
            new UploadConfirmer(
                new ObjectStore(
                    s3Clients,
                    new HttpHeadObject(
                        new ObjectUrlPresigner(Clock.systemUTC()), Duration.ofSeconds(5)))),
            statuses,
            reporter,
            CLOCK,
            new UploadRequestReader(cluster.client()));
    uploadClass = TestUploads.uploadClass("default", "uploads", true);
    uploadClass.getSpec().setEndpoint(s3.endpoint());
    uploadClass.getSpec().setAddressingStyle(dev.presign.api.v1alpha1.AddressingStyle.PATH);
  }

  @AfterAll
  static void stop() throws Exception {
    events.close();
    s3Clients.close();
    s3.close();
    cluster.close();
  }

  /** An UploadRequest of {@code size} bytes, issued and recorded as the reconciler does. */
  private static UploadRequest issued(long size) {
    UploadRequest request = new UploadRequest();
    request.setMetadata(
        new ObjectMetaBuilder().withName("req-" + (++counter)).withNamespace(NS).build());
    request.setSpec(new UploadRequestSpec("report.pdf", size));
    UploadRequest created = cluster.client().resource(request).create();
    IssuedUpload signed = issuer.issue(created, "default", uploadClass.getSpec(), s3.credentials());
    return new ConditionalStatusWriter(cluster.client())
        .write(created, statuses.issued(created, "default", signed))
        .orElseThrow();
  }

  private static void put(UploadRequest request, long size, String contentType) {
    s3.client()
        .putObject(
            b -> b.bucket("uploads").key(request.getStatus().getKey()).contentType(contentType),
            RequestBody.fromBytes(new byte[(int) size]));
  }

  /** case, what is arranged before completing, the outcome, the phase stored, the Event reason */
  static Stream<Arguments> cases() {
    return Stream.of(
        row("nothing uploaded yet", r -> {}, UploadCompletion.Outcome.NOT_YET, Phase.ISSUED, null),
        row(
            "uploaded as signed",
            r -> put(r, 10, "application/pdf"),
            UploadCompletion.Outcome.UPLOADED,
            Phase.UPLOADED,
            "Uploaded"),
        row(
            "other size at the key",
            r -> put(r, 11, "application/pdf"),
            UploadCompletion.Outcome.MISMATCH,
            Phase.FAILED,
            "SizeMismatch"),
        row(
            "other type at the key",
            r -> put(r, 10, "text/html"),
            UploadCompletion.Outcome.MISMATCH,
            Phase.FAILED,
            "ContentTypeMismatch"),
        row(
            "status forged to another key that holds the right size",
            r -> {
              s3.client()
                  .putObject(
                      b -> b.bucket("uploads").key("media/uploads/victim.pdf"),
                      RequestBody.fromBytes(new byte[10]));
              r.getStatus().setKey("media/uploads/victim.pdf");
            },
            UploadCompletion.Outcome.REFUSED,
            Phase.FAILED,
            "StatusMismatch"),
        row(
            "changed since read",
            r -> {
              put(r, 10, "application/pdf");
              r.getMetadata().setResourceVersion("1");
            },
            UploadCompletion.Outcome.STALE,
            Phase.ISSUED,
            null));
  }

  private static Arguments row(
      String name,
      Consumer<UploadRequest> arrange,
      UploadCompletion.Outcome outcome,
      Phase stored,
      String eventReason) {
    return Arguments.of(name, arrange, outcome, stored, eventReason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void completesOnce(
      String name,
      Consumer<UploadRequest> arrange,
      UploadCompletion.Outcome outcome,
      Phase stored,
      String eventReason) {
    UploadRequest request = issued(10);
    arrange.accept(request);

    UploadCompletion.Completion done =
        completion.complete(request, TestUploads.catalog(uploadClass));

    assertThat(done.outcome()).isEqualTo(outcome);
    UploadRequest now =
        cluster
            .client()
            .resources(UploadRequest.class)
            .inNamespace(NS)
            .withName(request.getMetadata().getName())
            .get();
    assertThat(now.getStatus().getPhase()).isEqualTo(stored);
    if (stored.isTerminal()) {
      assertThat(now.getStatus().getPresignedPost()).isNull();
      assertThat(now.getStatus().findCondition(ConditionTypes.READY).orElseThrow().getReason())
          .isEqualTo(stored.value());
    }
    if (eventReason != null) {
      dev.presign.testing.Await.until(
          "the " + eventReason + " Event",
          Duration.ofSeconds(10),
          () -> eventsOf(request),
          list -> list.stream().anyMatch(e -> eventReason.equals(e.getReason())));
    } else {
      assertThat(eventsOf(request)).noneMatch(e -> !"Issued".equals(e.getReason()));
    }
  }

  private static List<Event> eventsOf(UploadRequest request) {
    return cluster.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> request.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
