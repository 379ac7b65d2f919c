package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.naming.UploadPlanner;
import dev.presign.s3.CompletionTimeout;
import dev.presign.s3.CredentialsResolver;
import dev.presign.s3.MultipartStore;
import dev.presign.s3.S3ClientCache;
import dev.presign.s3.SecretCredentialsLoader;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * Deleting a multipart request while S3 cannot be reached: the finalizer holds the request while
 * {@link AbortRetry} says to try again, and then lets go with a Warning Event and a metric, so a
 * deletion is never blocked for good. The clock is fixed; the "unreachable S3" is the class's
 * endpoint pointed at a closed port.
 */
class MultipartAbortsIT {
  @Test
  void anUnreachableStoreHoldsTheDeletionForTheRetryWindowThenLetsGo() throws Exception {
    try (OperatorFixture fixture = OperatorFixture.start();
        S3ClientCache clients = new S3ClientCache(Duration.ofSeconds(1));
        EventRecorder events = new EventRecorder(fixture.client(), Clock.systemUTC())) {
      UploadRequestSpec spec = new UploadRequestSpec("held.bin", 6L << 20);
      spec.setMultipart(true);
      fixture.create("held", spec);
      UploadRequest issued = fixture.awaitPhase("held", Phase.ISSUED);
      fixture.stopOperator(); // nobody else releases it
      fixture.client().resource(issued).delete();
      UploadRequest deleting = fixture.get("held");
      assertThat(deleting.isMarkedForDeletion()).isTrue();
      assertThat(MultipartFinalizer.isOn(deleting)).isTrue();

      UploadClass unreachable = fixture.exampleClass();
      unreachable.getSpec().setEndpoint("http://127.0.0.1:1");
      Instant deletedAt = Instant.parse(deleting.getMetadata().getDeletionTimestamp());
      SimpleMeterRegistry registry = new SimpleMeterRegistry();

      MultipartAborts soon = aborts(fixture, clients, events, registry, deletedAt.plusSeconds(20));
      Optional<Duration> again =
          soon.release(deleting, TestUploads.catalog(unreachable), deletedAt);
      assertThat(again).contains(Duration.ofSeconds(20));
      assertThat(MultipartFinalizer.isOn(fixture.get("held"))).isTrue();

      MultipartAborts late = aborts(fixture, clients, events, registry, deletedAt.plusSeconds(601));
      assertThat(late.release(deleting, TestUploads.catalog(unreachable), deletedAt)).isEmpty();

      assertThat(fixture.get("held")).as("deleted once the finalizer went").isNull();
      assertThat(
              registry.get("presign_multipart_aborts").tag("outcome", "given_up").counter().count())
          .isEqualTo(1.0);
      List<Event> warnings =
          fixture
              .client()
              .v1()
              .events()
              .inNamespace(OperatorFixture.NAMESPACE)
              .list()
              .getItems()
              .stream()
              .filter(e -> Reasons.MULTIPART_ABORT_FAILED.equals(e.getReason()))
              .toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0).getType()).isEqualTo("Warning");
      assertThat(warnings.get(0).getMessage())
          .contains(issued.getStatus().getKey())
          .contains("127.0.0.1:1")
          .contains("lifecycle rule")
          .doesNotContain(fixture.s3.secretKey());
      // The upload is still open in S3: what the lifecycle rule is for.
      assertThat(
              fixture
                  .s3
                  .client()
                  .listMultipartUploads(b -> b.bucket(OperatorFixture.BUCKET))
                  .uploads())
          .anyMatch(u -> u.key().equals(issued.getStatus().getKey()));
    }
  }

  private static MultipartAborts aborts(
      OperatorFixture fixture,
      S3ClientCache clients,
      EventRecorder events,
      SimpleMeterRegistry registry,
      Instant now) {
    UploadPolicy policy = new UploadPolicy(new LabelSelectorMatcher(), new ContentTypePolicy());
    ClassCredentials credentials =
        new ClassCredentials(
            new CredentialsResolver(
                new SecretCredentialsLoader(
                    (namespace, name) ->
                        fixture.client().secrets().inNamespace(namespace).withName(name).get()),
                AnonymousCredentialsProvider.create()),
            Set.of(OperatorFixture.SYSTEM_NAMESPACE));
    return new MultipartAborts(
        new UploadTargets(UploadPlanner.create(), policy),
        credentials,
        // Aborts only: completes never happen here, the same clients do.
        new MultipartStore(clients, clients, CompletionTimeout.DEFAULT),
        new MultipartFinalizer(fixture.client()),
        events,
        new UploadMetrics(registry),
        new AbortRetry(),
        Clock.fixed(now, ZoneOffset.UTC));
  }
}
