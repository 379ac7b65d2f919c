package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Event;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole life of an UploadRequest: operator on the mock API server, uploads to S3Proxy. */
class UploadLifecycleIT {
  private static OperatorFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static HttpResponse<String> upload(UploadRequest issued, byte[] content)
      throws Exception {
    var post = issued.getStatus().getPresignedPost();
    return new MultipartForm()
        .fields(post.getFields())
        .file(issued.getSpec().getOriginalFileName(), issued.getStatus().getFileType(), content)
        .postTo(post.getUrl());
  }

  /**
   * A request the HTTP API recorded is signed by the replica that received it; if that replica died
   * between its create and its status write, the leader signs it once the receiver's grace is over:
   * nothing is lost.
   */
  @Test
  void anHttpMadeRequestItsReceiverNeverSignedIsIssuedByTheLeader() {
    UploadRequest orphan = new UploadRequest();
    orphan.getMetadata().setName("receiver-died");
    orphan.getMetadata().setNamespace(OperatorFixture.NAMESPACE);
    orphan
        .getMetadata()
        .setAnnotations(
            java.util.Map.of(
                dev.presign.uploads.UploadRequestStatuses.CREATED_BY_ANNOTATION,
                "system:serviceaccount:team-a:app"));
    orphan.setSpec(new UploadRequestSpec("orphan.pdf", 10L));
    fixture.client().resource(orphan).create();

    UploadRequest issued = fixture.awaitPhase("receiver-died", Phase.ISSUED);

    assertThat(issued.getStatus().getCreatedBy()).isEqualTo("system:serviceaccount:team-a:app");
    assertThat(issued.getStatus().getPresignedPost()).isNotNull();
  }

  @Test
  void exampleRequestIsIssuedUploadedAndConfirmed() throws Exception {
    UploadRequest example =
        OperatorFixture.load("examples/upload-request.yaml", UploadRequest.class);
    example.getMetadata().setNamespace(OperatorFixture.NAMESPACE);
    fixture.client().resource(example).create();

    UploadRequest issued = fixture.awaitPhase("lorem-ipsum", Phase.ISSUED);

    String uid = issued.getMetadata().getUid();
    assertThat(issued.getStatus().getId()).isEqualTo(uid);
    assertThat(issued.getStatus().getUploadClassName()).isEqualTo("default");
    assertThat(issued.getStatus().getFileName())
        .isEqualTo(uid.replace("-", "") + "-lorem-ipsum.pdf");
    assertThat(issued.getStatus().getKey())
        .isEqualTo("media/uploads/" + issued.getStatus().getFileName());
    assertThat(issued.getStatus().getFileType()).isEqualTo("application/pdf");
    assertThat(issued.getStatus().getBucket()).isEqualTo(OperatorFixture.BUCKET);
    assertThat(issued.getStatus().getObservedGeneration())
        .isEqualTo(issued.getMetadata().getGeneration());
    assertThat(issued.getStatus().findCondition(ConditionTypes.READY))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo(Reasons.ISSUED);
            });
    assertThat(issued.getStatus().getPresignedPost().getUrl())
        .isEqualTo(fixture.s3.endpoint() + "/uploads/");

    byte[] content = new byte[77000];
    Arrays.fill(content, (byte) 'x');
    assertThat(upload(issued, content).statusCode()).isBetween(200, 299);

    UploadRequest uploaded = fixture.awaitPhase("lorem-ipsum", Phase.UPLOADED);
    assertThat(uploaded.getStatus().getObject().getSize()).isEqualTo(77000);
    assertThat(uploaded.getStatus().getObject().getEtag())
        .isEqualTo(
            fixture
                .s3
                .client()
                .headObject(b -> b.bucket("uploads").key(issued.getStatus().getKey()))
                .eTag()
                .replace("\"", ""));
    assertThat(uploaded.getStatus().getUploadedAt()).isNotBlank();
    // The form was a bearer credential: once its job is done it leaves the status.
    assertThat(uploaded.getStatus().getPresignedPost()).isNull();
    assertThat(uploaded.getStatus().getKey()).isEqualTo(issued.getStatus().getKey());
    assertThat(uploaded.getStatus().getExpiresAt()).isEqualTo(issued.getStatus().getExpiresAt());
    awaitEvents("lorem-ipsum", Reasons.ISSUED, Reasons.UPLOADED);
  }

  @Test
  void neverUploadedExpires() {
    UploadRequestSpec spec = new UploadRequestSpec("never.txt", 5);
    spec.setExpiresInSeconds(1);
    fixture.create("never", spec);

    UploadRequest expired =
        Await.until(
            "never expired",
            Duration.ofSeconds(20),
            () -> fixture.get("never"),
            r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.EXPIRED);

    assertThat(expired.getStatus().findCondition(ConditionTypes.READY))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo(Reasons.EXPIRED);
              assertThat(c.getMessage()).contains(expired.getStatus().getKey());
            });
    awaitEvents("never", Reasons.EXPIRED);
  }

  @Test
  void finishedRequestsAreDeletedAfterTheClassTtlButTheObjectStays() throws Exception {
    UploadClass withTtl = fixture.exampleClass();
    withTtl.getMetadata().setName("short-lived");
    withTtl.getMetadata().setAnnotations(null);
    withTtl.getSpec().setTtlSecondsAfterFinished(1);
    fixture.client().resource(withTtl).create();
    UploadRequestSpec spec = new UploadRequestSpec("ttl.txt", 3);
    spec.setUploadClassName("short-lived");
    fixture.create("ttl", spec);

    UploadRequest issued = fixture.awaitPhase("ttl", Phase.ISSUED);
    Thread.sleep(1500);
    assertThat(fixture.get("ttl")).as("an issued request is not finished and stays").isNotNull();
    assertThat(upload(issued, "abc".getBytes()).statusCode()).isBetween(200, 299);

    // Uploaded, then deleted a second later: wait for the deletion (the Uploaded phase is brief).
    Await.until(
        "ttl deleted", Duration.ofSeconds(20), () -> fixture.get("ttl") == null, gone -> gone);
    awaitEvents("ttl", Reasons.UPLOADED);
    assertThat(
            fixture
                .s3
                .client()
                .headObject(b -> b.bucket("uploads").key(issued.getStatus().getKey()))
                .contentLength())
        .isEqualTo(3);
  }

  @Test
  void aStatusIsWrittenOnlyWhenItChanges() throws Exception {
    fixture.create("quiet", new UploadRequestSpec("quiet.txt", 4));
    UploadRequest issued = fixture.awaitPhase("quiet", Phase.ISSUED);
    String statusPath = "/namespaces/" + OperatorFixture.NAMESPACE + "/uploadrequests/quiet/status";

    // Several confirmation rounds (first check after 200 ms, then every ~200 ms-1 s) find nothing.
    Thread.sleep(2500);
    assertThat(fixture.cluster.count("PATCH", statusPath)).isEqualTo(1);
    assertThat(fixture.cluster.count("PUT", statusPath)).isZero();
    assertThat(fixture.get("quiet").getStatus()).isEqualTo(issued.getStatus());

    assertThat(upload(issued, "data".getBytes()).statusCode()).isBetween(200, 299);
    fixture.awaitPhase("quiet", Phase.UPLOADED);
    Thread.sleep(1000);
    assertThat(fixture.cluster.count("PATCH", statusPath)).isEqualTo(2);
  }

  /** Events are written in the background: wait (bounded) until they are all there. */
  private static void awaitEvents(String name, String... reasons) {
    Await.until(
        "events " + List.of(reasons) + " for " + name,
        Duration.ofSeconds(10),
        () -> eventReasons(name),
        found -> found.containsAll(List.of(reasons)));
  }

  private static List<String> eventReasons(String name) {
    return fixture
        .client()
        .v1()
        .events()
        .inNamespace(OperatorFixture.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .collect(Collectors.toList());
  }
}
