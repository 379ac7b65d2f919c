package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Multipart uploads end to end on the mock API server and S3Proxy 4.1.0 (which verifies every
 * presigned part's signature): the leader opens the upload, parts are signed through the facade and
 * PUT with java.net.http, listed for resume, completed; cancel, expiry and deletion abort.
 */
class MultipartUploadsIT {
  private static final int MIB = 1024 * 1024;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static OperatorFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static MultipartUploads multipart() {
    return fixture.operator().multipartUploads();
  }

  private static UploadRequestSpec multipartSpec(String fileName, long size) {
    UploadRequestSpec spec = new UploadRequestSpec(fileName, size);
    spec.setMultipart(true);
    return spec;
  }

  private static byte[] file(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static HttpResponse<String> put(String url, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** PUTs part {@code number} of {@code bytes} (parts of 5 MiB) and returns its ETag. */
  private static String uploadPart(UploadRequest issued, byte[] bytes, int number)
      throws Exception {
    PresignedPart signed = multipart().presignParts(issued, List.of(number)).get(0);
    long partSize = issued.getStatus().getMultipart().getPartSize();
    int from = (int) ((number - 1) * partSize);
    int to = (int) Math.min(bytes.length, from + partSize);
    HttpResponse<String> answer = put(signed.url(), Arrays.copyOfRange(bytes, from, to));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.headers().firstValue("ETag").orElseThrow();
  }

  private static List<String> openUploadIds(String key) {
    return fixture
        .s3
        .client()
        .listMultipartUploads(b -> b.bucket(OperatorFixture.BUCKET).prefix(key))
        .uploads()
        .stream()
        .filter(u -> u.key().equals(key))
        .map(MultipartUpload::uploadId)
        .toList();
  }

  private static UploadRequest awaitWithoutFinalizer(String name) {
    return Await.until(
        name + " without the multipart finalizer",
        Duration.ofSeconds(30),
        () -> fixture.get(name),
        r -> !MultipartFinalizer.isOn(r));
  }

  @Test
  void partsSignedUploadedListedAndCompletedBecomeOneUploadedObject() throws Exception {
    byte[] bytes = file(2 * 5 * MIB + 321);
    fixture.create("whole", multipartSpec("movie.mp4", bytes.length));
    UploadRequest issued = fixture.awaitPhase("whole", Phase.ISSUED);
    UploadRequestStatus status = issued.getStatus();

    assertThat(status.getMultipart().getUploadId()).isNotBlank();
    assertThat(status.getMultipart().getPartSize()).isEqualTo(5L * MIB);
    assertThat(status.getMultipart().getPartCount()).isEqualTo(3);
    assertThat(status.getPresignedPost()).isNull();
    assertThat(status.getPresignedPut()).isNull();
    assertThat(status.findCondition("Ready").orElseThrow().getMessage())
        .contains("parts are signed on demand by the HTTP API")
        .contains("/s3/multipart/{uploadId}/{partNumber}");
    assertThat(MultipartFinalizer.isOn(issued)).isTrue();
    assertThat(openUploadIds(status.getKey())).containsExactly(status.getMultipart().getUploadId());

    List<ClientPart> parts = new ArrayList<>();
    parts.add(new ClientPart(1, uploadPart(issued, bytes, 1)));
    parts.add(new ClientPart(2, uploadPart(issued, bytes, 2)));
    // Resume: a new page asks S3 what is there.
    assertThat(multipart().listParts(issued))
        .extracting(UploadedPart::partNumber, UploadedPart::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 5L * MIB),
            org.assertj.core.groups.Tuple.tuple(2, 5L * MIB));
    parts.add(new ClientPart(3, uploadPart(issued, bytes, 3)));

    UploadRequest uploaded = multipart().complete(issued, parts);

    assertThat(uploaded.getStatus().getPhase()).isEqualTo(Phase.UPLOADED);
    assertThat(uploaded.getStatus().getObject().getSize()).isEqualTo(bytes.length);
    assertThat(
            fixture
                .s3
                .client()
                .getObjectAsBytes(b -> b.bucket(OperatorFixture.BUCKET).key(status.getKey()))
                .asByteArray())
        .isEqualTo(bytes);
    assertThat(openUploadIds(status.getKey())).isEmpty();
    assertThat(awaitWithoutFinalizer("whole").getStatus().getPhase()).isEqualTo(Phase.UPLOADED);
    // A retried complete (its answer was lost) answers the upload as it is.
    assertThat(multipart().complete(fixture.get("whole"), parts).getStatus().getPhase())
        .isEqualTo(Phase.UPLOADED);
  }

  @Test
  void partNumbersOutsideTheUploadAndWrongEtagsAreRefusedNamingThem() throws Exception {
    byte[] bytes = file(5 * MIB + 10);
    fixture.create("strict", multipartSpec("strict.bin", bytes.length));
    UploadRequest issued = fixture.awaitPhase("strict", Phase.ISSUED);

    assertThatThrownBy(() -> multipart().presignParts(issued, List.of(0)))
        .isInstanceOfSatisfying(
            UploadRefusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(UploadRefusal.Kind.CONFLICT);
              assertThat(e.field()).isEqualTo(StatusField.PART_NUMBER);
              assertThat(e.getMessage()).contains("parts 1 to 2");
            });
    assertThatThrownBy(() -> multipart().presignParts(issued, List.of(1, 3)))
        .isInstanceOfSatisfying(
            UploadRefusal.class, e -> assertThat(e.field()).isEqualTo(StatusField.PART_NUMBER));

    String first = uploadPart(issued, bytes, 1);
    String second = uploadPart(issued, bytes, 2);
    assertThatThrownBy(
            () ->
                multipart()
                    .complete(
                        issued, List.of(new ClientPart(1, first), new ClientPart(2, "\"0000\""))))
        .isInstanceOfSatisfying(
            UploadRefusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(UploadRefusal.Kind.CONFLICT);
              assertThat(e.field()).isEqualTo(StatusField.PARTS);
              assertThat(e.getMessage()).startsWith("part 2 has ETag");
            });
    assertThatThrownBy(() -> multipart().complete(issued, List.of(new ClientPart(1, first))))
        .isInstanceOfSatisfying(
            UploadRefusal.class,
            e -> assertThat(e.getMessage()).isEqualTo("part 2 is missing from the list of parts"));
    assertThat(fixture.get("strict").getStatus().getPhase()).isEqualTo(Phase.ISSUED);

    assertThat(
            multipart()
                .complete(issued, List.of(new ClientPart(1, first), new ClientPart(2, second)))
                .getStatus()
                .getPhase())
        .isEqualTo(Phase.UPLOADED);
  }

  @Test
  void aSingleUploadOrAStatusNamingAnotherKeyGetsNoParts() throws Exception {
    fixture.create("single", new UploadRequestSpec("small.txt", 5));
    UploadRequest single = fixture.awaitPhase("single", Phase.ISSUED);
    assertThat(single.getStatus().getMultipart()).isNull();
    assertThatThrownBy(() -> multipart().presignParts(single, List.of(1)))
        .isInstanceOfSatisfying(
            UploadRefusal.class, e -> assertThat(e.field()).isEqualTo(StatusField.MULTIPART));

    fixture.create("victim", multipartSpec("victim.bin", 6 * MIB));
    fixture.create("tenant", multipartSpec("tenant.bin", 6 * MIB));
    UploadRequest victim = fixture.awaitPhase("victim", Phase.ISSUED);
    UploadRequest tenant = fixture.awaitPhase("tenant", Phase.ISSUED);
    // A tenant who may write uploadrequests/status points its request at another one's upload.
    tenant.getStatus().setKey(victim.getStatus().getKey());
    tenant.getStatus().setMultipart(victim.getStatus().getMultipart());
    UploadRequest forged = fixture.client().resource(tenant).updateStatus();

    assertThatThrownBy(() -> multipart().presignParts(forged, List.of(1)))
        .isInstanceOfSatisfying(
            UploadRefusal.class,
            e -> {
              assertThat(e.field()).isEqualTo(StatusField.KEY);
              assertThat(e.getMessage()).contains("this upload's key is");
            });
    assertThatThrownBy(() -> multipart().listParts(forged))
        .isInstanceOfSatisfying(
            UploadRefusal.class, e -> assertThat(e.field()).isEqualTo(StatusField.KEY));
  }

  @Test
  void cancelAbortsTheUpload() throws Exception {
    byte[] bytes = file(6 * MIB);
    fixture.create("cancelled", multipartSpec("gone.bin", bytes.length));
    UploadRequest issued = fixture.awaitPhase("cancelled", Phase.ISSUED);
    String key = issued.getStatus().getKey();
    String url = multipart().presignParts(issued, List.of(2)).get(0).url();
    uploadPart(issued, bytes, 1);

    UploadRequest cancelled = fixture.operator().cancellation().cancel(issued, "a test");

    assertThat(cancelled.getStatus().getPhase()).isEqualTo(Phase.FAILED);
    assertThat(cancelled.getStatus().findCondition("Ready").orElseThrow().getReason())
        .isEqualTo("Failed");
    assertThat(openUploadIds(key)).isEmpty();
    assertThat(awaitWithoutFinalizer("cancelled").getStatus().getPhase()).isEqualTo(Phase.FAILED);
    // A part URL signed before the cancel: AWS answers 404 NoSuchUpload; S3Proxy 4.1.0 stores the
    // part anyway. Either way nothing can complete the upload any more: the operator refuses.
    put(url, Arrays.copyOfRange(bytes, 5 * MIB, bytes.length));
    assertThatThrownBy(
            () -> multipart().complete(fixture.get("cancelled"), List.of(new ClientPart(1, "x"))))
        .isInstanceOfSatisfying(
            UploadRefusal.class, e -> assertThat(e.field()).isEqualTo(StatusField.PHASE));
    assertThatThrownBy(() -> multipart().presignParts(cancelled, List.of(1)))
        .isInstanceOfSatisfying(
            UploadRefusal.class, e -> assertThat(e.field()).isEqualTo(StatusField.PHASE));
  }

  @Test
  void deletingTheRequestAbortsTheUploadThroughTheFinalizer() throws Exception {
    byte[] bytes = file(6 * MIB);
    fixture.create("deleted", multipartSpec("deleted.bin", bytes.length));
    UploadRequest issued = fixture.awaitPhase("deleted", Phase.ISSUED);
    String key = issued.getStatus().getKey();
    uploadPart(issued, bytes, 1);

    fixture.client().resource(issued).delete();

    Await.until(
        "deleted is gone",
        Duration.ofSeconds(30),
        () -> java.util.Optional.ofNullable(fixture.get("deleted")),
        java.util.Optional::isEmpty);
    assertThat(openUploadIds(key)).isEmpty();
  }

  @Test
  void expiryAbortsTheUpload() {
    UploadRequestSpec spec = multipartSpec("late.bin", 6 * MIB);
    spec.setExpiresInSeconds(2);
    fixture.create("expiring", spec);
    UploadRequest issued = fixture.awaitPhase("expiring", Phase.ISSUED);
    String key = issued.getStatus().getKey();

    fixture.awaitPhase("expiring", Phase.EXPIRED);

    assertThat(awaitWithoutFinalizer("expiring").getStatus().getPhase()).isEqualTo(Phase.EXPIRED);
    assertThat(openUploadIds(key)).isEmpty();
  }

  @Test
  void aRestartedLeaderAdoptsTheOpenUploadAndAbortsOrphans() throws Exception {
    fixture.create("adopted", multipartSpec("adopted.bin", 6 * MIB));
    UploadRequest issued = fixture.awaitPhase("adopted", Phase.ISSUED);
    String key = issued.getStatus().getKey();
    String uploadId = issued.getStatus().getMultipart().getUploadId();

    // The leader dies after CreateMultipartUpload, before its status write landed.
    fixture.stopOperator();
    UploadRequest lost = fixture.get("adopted");
    lost.setStatus(null);
    fixture.client().resource(lost).updateStatus();
    fixture.startOperator();

    UploadRequest again = fixture.awaitPhase("adopted", Phase.ISSUED);
    assertThat(again.getStatus().getMultipart().getUploadId()).isEqualTo(uploadId);
    assertThat(openUploadIds(key)).containsExactly(uploadId);

    // Two leaders raced: the loser's upload is an orphan, aborted at the next look.
    String orphan =
        fixture
            .s3
            .client()
            .createMultipartUpload(b -> b.bucket(OperatorFixture.BUCKET).key(key))
            .uploadId();
    assertThat(openUploadIds(key)).contains(orphan);
    Await.until(
        "the orphan aborted",
        Duration.ofSeconds(30),
        () -> openUploadIds(key),
        ids -> !ids.contains(orphan));
    assertThat(openUploadIds(key)).containsExactly(uploadId);
  }

  @Test
  void theCancelReasonIsCancelled() throws Exception {
    fixture.create("reason", multipartSpec("reason.bin", 6 * MIB));
    UploadRequest issued = fixture.awaitPhase("reason", Phase.ISSUED);
    UploadRequest cancelled = fixture.operator().cancellation().cancel(issued, "a test");
    assertThat(cancelled.getStatus().findCondition("Failed").orElseThrow().getReason())
        .isEqualTo(Reasons.CANCELLED);
  }
}
