package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.PresignOperator;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.http.UploadRequestIndex;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import dev.presign.uploads.UploadRequestStatuses;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tenant decides how big its UploadRequests are: the API server lets it attach 256 KiB of
 * annotations, labels, finalizers, and adds managedFields. Every replica caches every request, the
 * leader twice (JOSDK's informer and the HTTP API's index): neither cache may keep any of that, or
 * a few hundred such requests exhaust every replica's heap (issue 13, item 1).
 */
class HostileMetadataIT {
  private static final String CALLER = "system:serviceaccount:team-a:app";
  private static final String BLOB = "x".repeat(200 * 1024);

  @Test
  void cachesKeepNoForeignMetadataAndStatusWritesLeaveTheServersMetadataAlone() throws Exception {
    try (OperatorFixture fixture = OperatorFixture.start()) {
      UploadRequest request = new UploadRequest();
      FieldsV1 fields = new FieldsV1();
      fields.setAdditionalProperty(
          "f:metadata", Map.of("f:annotations", Map.of("f:example.com/blob", Map.of())));
      request.setMetadata(
          new ObjectMetaBuilder()
              .withName("bloated")
              .withNamespace(OperatorFixture.NAMESPACE)
              .addToAnnotations(UploadRequestStatuses.CREATED_BY_ANNOTATION, CALLER)
              .addToAnnotations("example.com/blob", BLOB)
              .addToLabels("example.com/tenant", "a")
              .withFinalizers("example.com/keep")
              .withManagedFields(
                  new ManagedFieldsEntryBuilder()
                      .withManager("kubectl-client-side-apply")
                      .withOperation("Update")
                      .withApiVersion("uploads.presign.dev/v1alpha1")
                      .withFieldsType("FieldsV1")
                      .withFieldsV1(fields)
                      .build())
              .build());
      request.setSpec(new UploadRequestSpec("report.pdf", 77_000));
      fixture.client().resource(request).create();

      fixture.awaitPhase("bloated", Phase.ISSUED);
      // Both caches follow the server through watch events, which may lag the last write (an
      // Event or a second status write after Issued): compare once they hold what it holds.
      Copies copies =
          Await.until(
              "both caches to hold the server's latest version of the request",
              Duration.ofSeconds(30),
              () -> copies(fixture),
              Copies::inStep);
      UploadRequest issued = copies.server();
      String uid = issued.getMetadata().getUid();
      for (UploadRequest cached : List.of(copies.reconciler(), copies.index())) {
        assertThat(cached.getMetadata().getManagedFields()).as("managedFields").isEmpty();
        assertThat(cached.getMetadata().getAnnotations())
            .as("annotations")
            .isEqualTo(Map.of(UploadRequestStatuses.CREATED_BY_ANNOTATION, CALLER));
        assertThat(cached.getMetadata().getLabels()).as("labels").isEmpty();
        assertThat(cached.getMetadata().getFinalizers()).as("finalizers").isEmpty();
        // What the operator reads stays: identity, version (the status write's precondition),
        // spec and status whole.
        assertThat(cached.getMetadata().getUid()).isEqualTo(uid);
        assertThat(cached.getMetadata().getResourceVersion())
            .isEqualTo(issued.getMetadata().getResourceVersion());
        assertThat(cached.getMetadata().getCreationTimestamp())
            .isEqualTo(issued.getMetadata().getCreationTimestamp());
        assertThat(cached.getSpec()).isEqualTo(issued.getSpec());
        assertThat(cached.getStatus()).isEqualTo(issued.getStatus());
      }
      // The status was written from the pruned copy: on the server nothing else changed.
      assertThat(issued.getStatus().getCreatedBy()).isEqualTo(CALLER);
      assertThat(issued.getMetadata().getAnnotations()).containsEntry("example.com/blob", BLOB);
      assertThat(issued.getMetadata().getLabels()).containsEntry("example.com/tenant", "a");
      assertThat(issued.getMetadata().getFinalizers()).containsExactly("example.com/keep");
      assertThat(issued.getMetadata().getManagedFields()).hasSize(1);
    }
  }

  /** The request as the server has it now, and as each cache has it. */
  private record Copies(UploadRequest server, UploadRequest reconciler, UploadRequest index) {
    boolean inStep() {
      String version = server.getMetadata().getResourceVersion();
      return reconciler != null
          && index != null
          && version.equals(reconciler.getMetadata().getResourceVersion())
          && version.equals(index.getMetadata().getResourceVersion());
    }
  }

  private static Copies copies(OperatorFixture fixture) {
    UploadRequest server =
        fixture
            .client()
            .resources(UploadRequest.class)
            .inNamespace(OperatorFixture.NAMESPACE)
            .withName("bloated")
            .get();
    try {
      return new Copies(
          server,
          reconcilerCache(fixture.operator(), server),
          httpIndex(fixture.operator()).byId(server.getMetadata().getUid()).orElse(null));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** JOSDK's copy: the controller's own event source, as the reconciler is handed it. */
  @SuppressWarnings("unchecked")
  private static UploadRequest reconcilerCache(PresignOperator operator, UploadRequest request)
      throws ReflectiveOperationException {
    Operator josdk = (Operator) field(operator, "operator");
    Controller<UploadRequest> controller =
        (Controller<UploadRequest>) josdk.getRegisteredController("uploadrequests").orElseThrow();
    return controller
        .getEventSourceManager()
        .getControllerEventSource()
        .get(ResourceID.fromResource(request))
        .orElse(null);
  }

  private static UploadRequestIndex httpIndex(PresignOperator operator)
      throws ReflectiveOperationException {
    return (UploadRequestIndex) field(operator, "index");
  }

  // The caches are private to the wiring on purpose; only this test looks inside.
  private static Object field(PresignOperator operator, String name)
      throws ReflectiveOperationException {
    Field field = PresignOperator.class.getDeclaredField(name);
    field.setAccessible(true);
    return field.get(operator);
  }
}
