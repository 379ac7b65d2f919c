package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.OperatorFixture;
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

/**
 * The multipart Companion routes as Uppy calls them, against the operator on the fabric8 mock
 * server (CRUD) and S3Proxy 4.1.0, which checks every presigned part's signature: create, sign
 * parts (one and a batch), PUT them, list, complete (Uploaded, the bytes read back), abort; and the
 * refusals: a key that is not the uploadId's, an uploadId that is not the key's, an upload of
 * another namespace, a finished upload, bad part numbers. Errors in Companion's shape.
 */
class CompanionMultipartIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String OTHER_NS = "team-b";
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String INTRUDER = "system:serviceaccount:" + OTHER_NS + ":app";
  private static final String BASE = "/api/v1/companion/s3/multipart";
  private static final int MIB = 1024 * 1024;
  private static final HttpClient S3 =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static OperatorFixture fixture;
  private static ApiClient api;
  private static String appToken;
  private static String intruderToken;

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
    api = new ApiClient(fixture.apiUrl());
    appToken = fixture.auth.serviceAccountToken(NS, "app");
    for (String verb : List.of("create", "get", "delete")) {
      fixture.auth.allow(APP, verb, NS);
    }
    // A ServiceAccount of another namespace that RBAC lets read and delete uploads in team-a:
    // the Companion routes serve the caller's own namespace only.
    fixture.cluster.createNamespace(OTHER_NS);
    intruderToken = fixture.auth.serviceAccountToken(OTHER_NS, "app");
    for (String verb : List.of("create", "get", "delete")) {
      fixture.auth.allow(INTRUDER, verb, NS);
      fixture.auth.allow(INTRUDER, verb, OTHER_NS);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** An upload as POST /s3/multipart answered it. */
  private record Created(String key, String uploadId, String bucket, String id) {
    String query() {
      return "?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }
  }

  /** What Uppy 6 sends: its meta as is (a number for the size the app set, null relativePath). */
  private static Created create(String token, String name, long size) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("filename", name);
    body.put("type", "video/mp4");
    ObjectNode meta = body.putObject("metadata");
    meta.put("name", name);
    meta.put("type", "video/mp4");
    meta.putNull("relativePath");
    meta.put("size", size);
    ApiClient.Reply reply = api.postJson(BASE, token, body.toString());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode json = reply.json();
    return new Created(
        json.path("key").asText(),
        json.path("uploadId").asText(),
        json.path("bucket").asText(),
        json.path("id").asText());
  }

  private static ApiClient.Reply sign(Created upload, int part) throws Exception {
    return api.get(BASE + "/" + upload.uploadId() + "/" + part + upload.query(), appToken);
  }

  /** PUTs one part to a signed URL as Uppy's XHR does; the part's ETag. */
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

  private static byte[] content(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @Test
  void createSignPutListCompleteAndTheBytesAreStored() throws Exception {
    byte[] file = content(2 * 5 * MIB + 1000);
    Created upload = create(appToken, "holiday.mp4", file.length);
    assertThat(upload.key()).startsWith("media/uploads/").endsWith("-holiday.mp4");
    assertThat(upload.bucket()).isEqualTo(OperatorFixture.BUCKET);
    UploadRequest recorded = fixture.getByUid(upload.id());
    assertThat(recorded.getSpec().getMultipart()).isTrue();
    assertThat(recorded.getStatus().getMultipart().getUploadId()).isEqualTo(upload.uploadId());
    assertThat(recorded.getStatus().getMultipart().getPartCount()).isEqualTo(3);
    assertThat(recorded.getMetadata().getAnnotations()).containsValue(APP);

    ApiClient.Reply one = sign(upload, 1);
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(one.json().path("expires").asLong()).isPositive();
    assertThat(one.json().path("id").asText()).isEqualTo(upload.id());
    ApiClient.Reply batch =
        api.get(
            BASE + "/" + upload.uploadId() + "/batch" + upload.query() + "&partNumbers=2,3",
            appToken);
    assertThat(batch.status()).as(batch.body()).isEqualTo(200);
    JsonNode urls = batch.json().path("presignedUrls");
    assertThat(urls.size()).isEqualTo(2);
    assertThat(batch.json().path("id").asText()).isEqualTo(upload.id());

    Map<Integer, String> etags = new LinkedHashMap<>();
    etags.put(1, put(one.json().path("url").asText(), Arrays.copyOfRange(file, 0, 5 * MIB)));
    etags.put(2, put(urls.path("2").asText(), Arrays.copyOfRange(file, 5 * MIB, 10 * MIB)));
    etags.put(3, put(urls.path("3").asText(), Arrays.copyOfRange(file, 10 * MIB, file.length)));

    ApiClient.Reply listed = api.get(BASE + "/" + upload.uploadId() + upload.query(), appToken);
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    JsonNode parts = listed.json();
    assertThat(parts.isArray()).isTrue();
    assertThat(parts.size()).isEqualTo(3);
    assertThat(parts.get(0).path("PartNumber").asInt()).isEqualTo(1);
    assertThat(parts.get(0).path("ETag").asText()).isEqualTo(etags.get(1));
    assertThat(parts.get(2).path("Size").asLong()).isEqualTo(1000);

    ApiClient.Reply completed =
        api.postJson(
            BASE + "/" + upload.uploadId() + "/complete" + upload.query(),
            appToken,
            partsBody(etags));
    assertThat(completed.status()).as(completed.body()).isEqualTo(200);
    assertThat(completed.json().path("key").asText()).isEqualTo(upload.key());
    assertThat(completed.json().path("bucket").asText()).isEqualTo(OperatorFixture.BUCKET);
    assertThat(completed.json().path("location").asText())
        .startsWith(fixture.s3.endpoint())
        .endsWith(upload.key());
    assertThat(completed.json().path("id").asText()).isEqualTo(upload.id());

    UploadRequest uploaded = fixture.getByUid(upload.id());
    assertThat(uploaded.getStatus().getPhase()).isEqualTo(Phase.UPLOADED);
    assertThat(uploaded.getStatus().getObject().getSize()).isEqualTo(file.length);
    byte[] stored =
        fixture
            .s3
            .client()
            .getObjectAsBytes(b -> b.bucket(OperatorFixture.BUCKET).key(upload.key()))
            .asByteArray();
    assertThat(stored).isEqualTo(file);

    // Finished: nothing more is signed or listed for it.
    ApiClient.Reply after = sign(upload, 1);
    assertThat(after.status()).as(after.body()).isIn(404, 409);
    assertCompanionError(after);
    ApiClient.Reply again =
        api.postJson(
            BASE + "/" + upload.uploadId() + "/complete" + upload.query(),
            appToken,
            partsBody(etags));
    // A retried complete (its answer lost) gets the same answer, and changes nothing.
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(completed.json());
    ApiClient.Reply list = api.get(BASE + "/" + upload.uploadId() + upload.query(), appToken);
    assertThat(list.status()).as(list.body()).isIn(404, 409);
    assertCompanionError(list);
  }

  @Test
  void aKeyThatIsNotTheUploadIdsIsRefused() throws Exception {
    Created mine = create(appToken, "a.mp4", 6 * MIB);
    Created other = create(appToken, "b.mp4", 6 * MIB);
    // other's key with mine's uploadId, and mine's key with an uploadId that is nobody's.
    Created mixed = new Created(other.key(), mine.uploadId(), mine.bucket(), mine.id());
    Created unknown = new Created(mine.key(), "not-an-upload-id", mine.bucket(), mine.id());
    // Twice: the second round meets every answer cached (parts signed on the event loop).
    for (Created wrong : List.of(mixed, unknown, mixed, unknown)) {
      assertAllRefused(wrong, appToken, 404);
    }
    // Neither upload was touched: both still sign their own parts.
    assertThat(sign(mine, 1).status()).isEqualTo(200);
    assertThat(sign(other, 1).status()).isEqualTo(200);
  }

  @Test
  void aKeyWithoutAnUploadIdOrNoKeyIsRefused() throws Exception {
    Created mine = create(appToken, "c.mp4", 6 * MIB);
    assertAllRefused(
        new Created("media/uploads/c.mp4", mine.uploadId(), mine.bucket(), mine.id()),
        appToken,
        404);
    ApiClient.Reply noKey = api.get(BASE + "/" + mine.uploadId() + "/1", appToken);
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noKey.json().path("errors").has("key")).as(noKey.body()).isTrue();
    assertCompanionError(noKey);
  }

  @Test
  void anUploadOfAnotherNamespaceIsRefusedEvenWhereRbacAllows() throws Exception {
    Created theirs = create(appToken, "d.mp4", 6 * MIB);
    assertAllRefused(theirs, intruderToken, 404);
    // Again with the intruder's answers cached, when parts are signed on the event loop from
    // memory: the same refusal.
    assertAllRefused(theirs, intruderToken, 404);
    assertThat(fixture.getByUid(theirs.id()).getStatus().getPhase()).isEqualTo(Phase.ISSUED);
    // The intruder's own Companion uploads go to its own namespace.
    Created own = create(intruderToken, "e.mp4", 6 * MIB);
    assertThat(
            fixture
                .client()
                .resources(UploadRequest.class)
                .inNamespace(OTHER_NS)
                .list()
                .getItems()
                .stream()
                .map(r -> r.getMetadata().getUid()))
        .contains(own.id());
  }

  @Test
  void badPartNumbersAre400AndPartsBeyondTheUploadAre409() throws Exception {
    Created upload = create(appToken, "f.mp4", 6 * MIB); // two parts
    ApiClient.Reply zero = sign(upload, 0);
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.json().path("errors").has("partNumber")).as(zero.body()).isTrue();
    assertCompanionError(zero);
    ApiClient.Reply junk =
        api.get(
            BASE + "/" + upload.uploadId() + "/batch" + upload.query() + "&partNumbers=1,x",
            appToken);
    assertThat(junk.status()).isEqualTo(400);
    assertThat(junk.json().path("errors").has("partNumbers")).as(junk.body()).isTrue();
    ApiClient.Reply beyond = sign(upload, 3);
    assertThat(beyond.status()).as(beyond.body()).isEqualTo(409);
    assertCompanionError(beyond);
    ApiClient.Reply noParts =
        api.postJson(
            BASE + "/" + upload.uploadId() + "/complete" + upload.query(),
            appToken,
            "{\"parts\": []}");
    assertThat(noParts.status()).isEqualTo(400);
    assertThat(noParts.json().path("errors").has("parts")).as(noParts.body()).isTrue();
  }

  @Test
  void abortCancelsTheUploadAndAbortsItsMultipartUpload() throws Exception {
    Created upload = create(appToken, "g.mp4", 6 * MIB);
    put(sign(upload, 1).json().path("url").asText(), content(5 * MIB));

    ApiClient.Reply aborted = api.delete(BASE + "/" + upload.uploadId() + upload.query(), appToken);
    assertThat(aborted.status()).as(aborted.body()).isEqualTo(200);
    assertThat(aborted.json().path("id").asText()).isEqualTo(upload.id());

    UploadRequest cancelled = fixture.getByUid(upload.id());
    assertThat(cancelled.getStatus().getPhase()).isEqualTo(Phase.FAILED);
    assertThat(cancelled.getStatus().findCondition(ConditionTypes.FAILED).orElseThrow().getReason())
        .isEqualTo(Reasons.CANCELLED);
    // S3Proxy 4.1.0 still answers ListParts for an aborted upload; it lists only open ones.
    assertThat(
            fixture
                .s3
                .client()
                .listMultipartUploads(b -> b.bucket(OperatorFixture.BUCKET).prefix(upload.key()))
                .uploads())
        .as("open multipart uploads of the key after the abort")
        .isEmpty();
    ApiClient.Reply again = api.delete(BASE + "/" + upload.uploadId() + upload.query(), appToken);
    assertThat(again.status()).as("a repeated abort: " + again.body()).isEqualTo(200);
    ApiClient.Reply afterwards = sign(upload, 1);
    assertThat(afterwards.status()).as(afterwards.body()).isIn(404, 409);
    assertCompanionError(afterwards);
  }

  @Test
  void theSeedApiCreatesMultipartOnlyWhenAskedAndItsPartsAreSignedHere() throws Exception {
    ApiClient.Reply created =
        api.postJson(
            "/api/v1/uploads/",
            appToken,
            "{\"original_file_name\": \"h.mp4\", \"file_size\": 6291456, \"multipart\": true}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode json = created.json();
    assertThat(json.has("presigned_post_data")).isFalse();
    JsonNode multipart = json.path("multipart");
    assertThat(multipart.path("part_size").asLong()).isEqualTo(5 * MIB);
    assertThat(multipart.path("part_count").asInt()).isEqualTo(2);
    Created upload =
        new Created(
            json.path("key").asText(),
            multipart.path("upload_id").asText(),
            json.path("bucket").asText(),
            json.path("id").asText());
    assertThat(sign(upload, 2).status()).isEqualTo(200);

    ApiClient.Reply single =
        api.postJson(
            "/api/v1/uploads/",
            appToken,
            "{\"original_file_name\": \"i.mp4\", \"file_size\": 6291456}");
    assertThat(single.status()).as(single.body()).isEqualTo(201);
    assertThat(single.json().has("presigned_post_data")).isTrue();
    assertThat(single.json().has("multipart")).isFalse();
  }

  /** Every part route refuses {@code upload} for {@code token}, with {@code status}. */
  private static void assertAllRefused(Created upload, String token, int status) throws Exception {
    String at = BASE + "/" + upload.uploadId();
    List<ApiClient.Reply> replies =
        List.of(
            api.get(at + "/1" + upload.query(), token),
            api.get(at + "/batch" + upload.query() + "&partNumbers=1", token),
            api.get(at + upload.query(), token),
            api.postJson(
                at + "/complete" + upload.query(), token, partsBody(Map.of(1, "\"etag\""))),
            api.delete(at + upload.query(), token));
    for (ApiClient.Reply reply : replies) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(status);
      assertCompanionError(reply);
      assertThat(reply.body()).doesNotContain("X-Amz-Signature");
    }
  }

  private static void assertCompanionError(ApiClient.Reply reply) {
    JsonNode body = reply.json();
    assertThat(body.path("error").isTextual()).as(reply.body()).isTrue();
    assertThat(body.path("message").asText()).as(reply.body()).isNotBlank();
  }

  private static String partsBody(Map<Integer, String> etags) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode parts = body.putArray("parts");
    etags.forEach((number, etag) -> parts.addObject().put("PartNumber", number).put("ETag", etag));
    return body.toString();
  }
}
