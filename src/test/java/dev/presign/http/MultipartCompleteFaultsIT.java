package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.Await;
import dev.presign.testing.CompleteAnswerFront;
import dev.presign.testing.CompleteAnswerFront.Fault;
import dev.presign.testing.OperatorFixture;
import dev.presign.uploads.ClientPart;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * CompleteMultipartUpload slower than the S3 timeout, or its answer lost, through the Companion
 * complete route, against S3Proxy 4.1.0 behind {@link CompleteAnswerFront}. S3Proxy assembles the
 * object each time; what must hold: the operator sends the complete once (a repeat races the first
 * and answers an error), and the client gets 200 with the upload Uploaded and its bytes stored, not
 * 409 or 503. The S3 timeout is 1 s, the held answer 3 s.
 */
class MultipartCompleteFaultsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String BASE = "/api/v1/companion/s3/multipart";
  private static final int MIB = 1024 * 1024;
  private static final HttpClient S3 =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static OperatorFixture fixture;
  private static CompleteAnswerFront front;
  private static ApiClient api;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.startWithSettings(Map.of("PRESIGN_S3_TIMEOUT_SECONDS", "1"));
    front = CompleteAnswerFront.start(fixture.s3.endpoint(), Fault.HOLD, Duration.ofSeconds(3));
    long generation =
        fixture
            .client()
            .resources(UploadClass.class)
            .withName("default")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\": {\"endpoint\": \"" + front.endpoint() + "\"}}")
            .getMetadata()
            .getGeneration();
    // The operator signs for the class as it sees it: wait until it probed the new endpoint.
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
    api = new ApiClient(fixture.apiUrl());
    token = fixture.auth.serviceAccountToken(NS, "app");
    for (String verb : List.of("create", "get", "delete")) {
      fixture.auth.allow(APP, verb, NS);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (front != null) {
      front.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aCompleteAnsweredAfterTheS3TimeoutIsSentOnceAndAnswered200() throws Exception {
    front.fault(Fault.HOLD);
    completesAs200("slow.mp4");
  }

  @Test
  void aCompleteWhoseAnswerIsLostIsConfirmedByTheObjectAndAnswered200() throws Exception {
    front.fault(Fault.LOSE);
    completesAs200("lost.mp4");
  }

  @Test
  void aRetriedCompleteAfterS3CompletedButBeforeTheStatusSaysSoIsUploaded() throws Exception {
    Uploading upload = uploadParts("retried.mp4");
    UploadRequest issued = fixture.getByUid(upload.id());
    // Another call completed it at S3 and its answer was lost; this request was read before.
    List<CompletedPart> parts =
        upload.etags().entrySet().stream()
            .map(e -> CompletedPart.builder().partNumber(e.getKey()).eTag(e.getValue()).build())
            .toList();
    fixture
        .s3
        .client()
        .completeMultipartUpload(
            b ->
                b.bucket(OperatorFixture.BUCKET)
                    .key(upload.key())
                    .uploadId(upload.uploadId())
                    .multipartUpload(m -> m.parts(parts)));
    assertThat(issued.getStatus().getPhase()).isEqualTo(Phase.ISSUED);

    UploadRequest done =
        fixture
            .operator()
            .multipartUploads()
            .complete(
                issued,
                upload.etags().entrySet().stream()
                    .map(e -> new ClientPart(e.getKey(), e.getValue()))
                    .toList());

    assertThat(done.getStatus().getPhase()).isEqualTo(Phase.UPLOADED);
    assertThat(done.getStatus().getObject().getSize()).isEqualTo(upload.file().length);
  }

  /** A multipart upload created through the Companion route with both parts PUT. */
  private record Uploading(
      String key,
      String uploadId,
      String id,
      String query,
      Map<Integer, String> etags,
      byte[] file) {}

  private static Uploading uploadParts(String name) throws Exception {
    byte[] file = new byte[5 * MIB + 1000];
    new Random(name.hashCode()).nextBytes(file);
    ObjectNode create = JSON.createObjectNode();
    create.put("filename", name);
    create.put("type", "video/mp4");
    create
        .putObject("metadata")
        .put("name", name)
        .put("type", "video/mp4")
        .put("size", file.length);
    ApiClient.Reply created = api.postJson(BASE, token, create.toString());
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String key = created.json().path("key").asText();
    String uploadId = created.json().path("uploadId").asText();
    String id = created.json().path("id").asText();
    String query = "?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    assertThat(fixture.getByUid(id).getStatus().getMultipart().getPartCount()).isEqualTo(2);

    ApiClient.Reply signed =
        api.get(BASE + "/" + uploadId + "/batch" + query + "&partNumbers=1,2", token);
    assertThat(signed.status()).as(signed.body()).isEqualTo(200);
    JsonNode urls = signed.json().path("presignedUrls");
    assertThat(urls.path("1").asText()).startsWith(front.endpoint());
    Map<Integer, String> etags = new LinkedHashMap<>();
    etags.put(1, put(urls.path("1").asText(), Arrays.copyOfRange(file, 0, 5 * MIB)));
    etags.put(2, put(urls.path("2").asText(), Arrays.copyOfRange(file, 5 * MIB, file.length)));
    return new Uploading(key, uploadId, id, query, etags, file);
  }

  private static void completesAs200(String name) throws Exception {
    Uploading upload = uploadParts(name);
    String key = upload.key();
    String id = upload.id();
    byte[] file = upload.file();
    Map<Integer, String> etags = upload.etags();

    int completesBefore = front.completes();
    ObjectNode body = JSON.createObjectNode();
    ArrayNode parts = body.putArray("parts");
    etags.forEach((number, etag) -> parts.addObject().put("PartNumber", number).put("ETag", etag));
    ApiClient.Reply completed =
        api.postJson(
            BASE + "/" + upload.uploadId() + "/complete" + upload.query(), token, body.toString());

    assertThat(completed.status()).as(completed.body()).isEqualTo(200);
    assertThat(completed.json().path("key").asText()).isEqualTo(key);
    assertThat(front.completes() - completesBefore).as("CompleteMultipartUpload calls").isOne();
    UploadRequest uploaded = fixture.getByUid(id);
    assertThat(uploaded.getStatus().getPhase()).isEqualTo(Phase.UPLOADED);
    assertThat(uploaded.getStatus().getObject().getSize()).isEqualTo(file.length);
    // S3Proxy gives a multipart ETag: the part count in it was checked too (LOSE).
    assertThat(uploaded.getStatus().getObject().getEtag()).matches("\"?[0-9a-f]+-2\"?");
    assertThat(
            fixture
                .s3
                .client()
                .getObjectAsBytes(b -> b.bucket(OperatorFixture.BUCKET).key(key))
                .asByteArray())
        .isEqualTo(file);
  }

  private static String put(String url, byte[] part) throws Exception {
    HttpResponse<String> stored =
        S3.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(part))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    return stored.headers().firstValue("ETag").orElseThrow();
  }
}
