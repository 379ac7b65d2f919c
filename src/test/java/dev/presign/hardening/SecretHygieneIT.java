package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.SecretReference;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadCredentials;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.S3ProxyServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secret hygiene, end to end. The S3 secret key, a session token and two ServiceAccount tokens are
 * canaries; the operator runs through a successful upload, a class whose Secret is wrong, refused
 * and failing requests, bad tokens that contain a canary, an API server that cannot review tokens,
 * and S3 unreachable for {@code /complete}. Then no canary may appear, in any spelling, in the
 * logs, Events, UploadRequest or UploadClass status, metrics or any HTTP error; the session token
 * may appear only where a signed upload needs it, in the form (or URL) given to its owner.
 *
 * <p>A form a class delivers in a Secret (formDelivery: Secret) is a secret too: its signature and
 * policy may appear in the answer to the caller that created it and in its Secret, and nowhere else
 * (no status, Event, log line or request line to the API server).
 */
class SecretHygieneIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";

  private static final Canary SECRET_KEY = Canary.of("S3 secret key", "CnrySecret", 32);
  private static final Canary WRONG_SECRET_KEY = Canary.of("wrong S3 secret key", "CnryWrong", 32);
  private static final Canary SESSION_TOKEN = Canary.of("session token", "CnrySession", 120);
  private static final Canary SA_TOKEN =
      Canary.of("ServiceAccount token", "eyJhbGciOiJSUzI1NiJ9.CnrySA", 60);
  private static final Canary FRESH_SA_TOKEN =
      Canary.of("second ServiceAccount token", "eyJhbGciOiJSUzI1NiJ9.CnryFresh", 60);
  private static final List<Canary> NEVER_SHOWN =
      List.of(SECRET_KEY, WRONG_SECRET_KEY, SA_TOKEN, FRESH_SA_TOKEN);
  private static final List<Canary> ALL =
      List.of(SECRET_KEY, WRONG_SECRET_KEY, SESSION_TOKEN, SA_TOKEN, FRESH_SA_TOKEN);

  private static LogCapture logs;

  /** Set while a scenario has made the API server or S3 unavailable: a 503 is then right. */
  private static boolean dependencyDown;

  private static int signedFormsSeen;
  private static int presignedUrlsSeen;
  private static OperatorFixture fixture;
  private static RawHttp http;

  /** Every answer of the API during the suite, with what was asked. */
  private static final List<RawHttp.Reply> replies = new ArrayList<>();

  private static long startedAt;

  /** Signatures and policies of forms delivered in Secrets, learnt while the suite runs. */
  private static final List<Canary> SECRET_MODE_FORMS = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    startedAt = System.nanoTime();
    logs = LogCapture.start();
    fixture =
        OperatorFixture.start(
            S3ProxyServer.startTransient(SECRET_KEY.value()),
            Map.of("AWS_SESSION_TOKEN", SESSION_TOKEN.value()));
    http = new RawHttp(fixture.apiUrl());
    fixture.auth.register(SA_TOKEN.value(), APP);
    fixture.auth.register(FRESH_SA_TOKEN.value(), APP);
    fixture.auth.allow(APP, "create", NS);
    fixture.auth.allow(APP, "get", NS);
    fixture.auth.allow(APP, "delete", NS);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (logs != null) {
        logs.close();
      }
      System.out.printf(
          "SecretHygieneIT: %d HTTP answers checked, %d log entries scanned, in %.1f s%n",
          replies.size(),
          logs == null ? 0 : logs.entries().size(),
          (System.nanoTime() - startedAt) / 1e9);
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  @Test
  void noSecretLeaksAnywhereAndTheSessionTokenOnlyIntoSignedForms() throws Exception {
    uploadCompleteAndDownload();
    presignedPut();
    classWithAWrongSecret();
    requestsThatFail();
    badTokensContainingACanary();
    tokenReviewUnavailable();
    s3UnreachableForComplete();
    formsDeliveredInSecrets();

    awaitEvents();
    List<String> leaks = new ArrayList<>();
    scanLogs(leaks);
    scanEvents(leaks);
    scanUploadRequests(leaks);
    scanUploadClasses(leaks);
    scanMetrics(leaks);
    scanReplies(leaks);
    for (String request : fixture.cluster.requests()) {
      report(request, "a request line sent to the API server", ALL, leaks);
    }
    scanForSecretModeForms(leaks);
    assertThat(leaks).as("canaries found where they must not be").isEmpty();
    // The scans were not vacuous: the token went where it belongs, into signed forms and URLs
    // (in the 201, GET and complete answers and in the statuses), and there was plenty to scan.
    assertThat(signedFormsSeen)
        .as("signed forms carrying the session token")
        .isGreaterThanOrEqualTo(4);
    assertThat(presignedUrlsSeen)
        .as("presigned URLs carrying the session token")
        .isGreaterThanOrEqualTo(2);
    assertThat(logs.entries()).hasSizeGreaterThan(2);
  }

  // ------------------------------------------------------------------------------- the scenarios

  private void uploadCompleteAndDownload() throws Exception {
    String id = uploadThroughTheForm("a.pdf");
    RawHttp.Reply completed = call("POST", "/api/v1/uploads/" + id + "/complete", SA_TOKEN.value());
    assertThat(completed.status()).as(completed.body()).isEqualTo(200);
    RawHttp.Reply link =
        call("GET", "/api/v1/uploads/" + id + "/download-url?expires_in=60", SA_TOKEN.value());
    assertThat(link.status()).as(link.body()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/uploads/" + id, SA_TOKEN.value()).status()).isEqualTo(200);
    // Another one the operator confirms by itself (HeadObject), which records an Uploaded Event;
    // an upload confirmed through /complete records none (see the report).
    String second = uploadThroughTheForm("b.pdf");
    Await.until(
        "the operator to see the second upload",
        Duration.ofSeconds(10),
        () -> {
          try {
            return call("GET", "/api/v1/uploads/" + second, SA_TOKEN.value());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        reply -> AnswerChecks.json(reply).path("status").asText().equals("Uploaded"));
  }

  /** Asks for an upload and POSTs a file with the signed form, as a browser would; its id. */
  private String uploadThroughTheForm(String name) throws Exception {
    byte[] content = "%PDF-1.4 canary".getBytes(StandardCharsets.US_ASCII);
    RawHttp.Reply created =
        createUpload(
            SA_TOKEN,
            "{\"original_file_name\": \"" + name + "\", \"file_size\": " + content.length + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode upload = AnswerChecks.json(created);
    JsonNode fields = upload.path("presigned_post_data").path("fields");
    assertThat(fields.path("x-amz-security-token").asText())
        .as("the signed form carries the session token")
        .isEqualTo(SESSION_TOKEN.value());
    Map<String, String> form =
        JSON.convertValue(fields, new com.fasterxml.jackson.core.type.TypeReference<>() {});
    var posted =
        new MultipartForm()
            .fields(form)
            .file(name, "application/pdf", content)
            .postTo(upload.path("presigned_post_data").path("url").asText());
    assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 299);
    return upload.path("id").asText();
  }

  private void presignedPut() {
    UploadRequestSpec spec = new UploadRequestSpec("put.bin", 3);
    spec.setMethod(UploadMethod.PUT);
    fixture.create("put", spec);
    UploadRequest put = fixture.awaitPhase("put", Phase.ISSUED);
    assertThat(put.getStatus().getPresignedPut().getUrl()).contains("X-Amz-Security-Token=");
  }

  private void classWithAWrongSecret() throws Exception {
    fixture
        .client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("wrong")
                .withNamespace(OperatorFixture.SYSTEM_NAMESPACE)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY", WRONG_SECRET_KEY.value(),
                        "AWS_SESSION_TOKEN", SESSION_TOKEN.value()))
                .build())
        .create();
    // The secret key where the access key id belongs, a mistake people make.
    fixture
        .client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("swapped")
                .withNamespace(OperatorFixture.SYSTEM_NAMESPACE)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "AWS_ACCESS_KEY_ID",
                        SECRET_KEY.value(),
                        "AWS_SECRET_ACCESS_KEY",
                        S3ProxyServer.ACCESS_KEY))
                .build())
        .create();
    for (String name : new String[] {"wrong", "swapped"}) {
      UploadClass uploadClass = fixture.exampleClass();
      uploadClass.getMetadata().setName(name);
      uploadClass.getMetadata().setAnnotations(null);
      UploadCredentials credentials = new UploadCredentials();
      credentials.setSecretRef(new SecretReference(OperatorFixture.SYSTEM_NAMESPACE, name));
      uploadClass.getSpec().setCredentials(credentials);
      fixture.client().resource(uploadClass).create();
      Await.until(
          "class " + name + " not Ready",
          Duration.ofSeconds(10),
          () -> fixture.client().resources(UploadClass.class).withName(name).get(),
          c ->
              c.getStatus() != null
                  && c.getStatus()
                      .findCondition("Ready")
                      .map(r -> "False".equals(r.getStatus()))
                      .orElse(false));
      UploadRequestSpec spec = new UploadRequestSpec("waiting.pdf", 1);
      spec.setUploadClassName(name);
      fixture.create("waits-for-" + name, spec);
    }
    Await.until(
        "requests waiting for the broken classes",
        Duration.ofSeconds(10),
        () -> List.of(fixture.get("waits-for-wrong"), fixture.get("waits-for-swapped")),
        l ->
            l.stream()
                .allMatch(
                    r ->
                        r != null
                            && r.getStatus() != null
                            && r.getStatus().getConditions() != null));
  }

  private void requestsThatFail() throws Exception {
    String[] bodies = {
      "{\"original_file_name\": \"a.pdf\", \"file_size\": -1}",
      "{\"original_file_name\": \"a.pdf\", \"file_size\": 1, \"upload_to\": \"../../etc\"}",
      "{\"original_file_name\": \"a.pdf\", \"file_size\": 1, \"namespace\": \"kube-system\"}",
      "{\"original_file_name\": \"a.pdf\", \"file_size\": 1, \"metadata\": {\"bad key\": \"v\"}}",
      "{\"original_file_name\": \"a.pdf\", \"file_size\": 1, \"file_type\": \"text/html\\r\\nX: y\"}",
      "not json",
      "",
    };
    for (String body : bodies) {
      RawHttp.Reply reply = createUpload(SA_TOKEN, body);
      assertThat(reply.status()).as(body + " -> " + reply.body()).isBetween(400, 499);
    }
    RawHttp.Reply early =
        createUpload(SA_TOKEN, "{\"original_file_name\": \"later.pdf\", \"file_size\": 5}");
    String id = AnswerChecks.json(early).path("id").asText();
    assertThat(call("POST", "/api/v1/uploads/" + id + "/complete", SA_TOKEN.value()).status())
        .isEqualTo(409);
    assertThat(call("GET", "/api/v1/uploads/" + id + "/download-url", SA_TOKEN.value()).status())
        .isEqualTo(409);
    assertThat(call("GET", "/api/v1/uploads/no-such-id", SA_TOKEN.value()).status()).isEqualTo(404);
    assertThat(call("GET", "/nope", SA_TOKEN.value()).status()).isEqualTo(404);
    assertThat(
            send(RawHttp.request("POST", "/api/v1/uploads/")
                    .bearer(SA_TOKEN.value())
                    .header("Content-Type", "text/plain")
                    .body("x"))
                .status())
        .isEqualTo(415);
    assertThat(
            send(RawHttp.request("POST", "/api/v1/uploads/")
                    .bearer(SA_TOKEN.value())
                    .header("Content-Type", "application/json")
                    .body("x".repeat(20_000)))
                .status())
        .isEqualTo(413);
    // A request the operator fails: no such class (after its grace period).
    UploadRequestSpec spec = new UploadRequestSpec("a.pdf", 1);
    spec.setUploadClassName("no-such-class");
    fixture.create("no-class", spec);
    fixture.awaitPhase("no-class", Phase.FAILED);
  }

  private void badTokensContainingACanary() throws Exception {
    String sa = SA_TOKEN.value();
    String[] headers = {
      "Bearer " + sa + "x",
      "Bearer x" + sa,
      "Bearer " + sa + " " + sa,
      "Basic " + Base64.getEncoder().encodeToString(("app:" + sa).getBytes(StandardCharsets.UTF_8)),
      sa,
      "Bearer",
      "Bearer " + SECRET_KEY.value(),
      "Bearer " + sa + "\u0001",
      "Bearer " + sa + "\u00ff",
    };
    for (String header : headers) {
      for (String[] call :
          new String[][] {
            {"POST", "/api/v1/uploads/"},
            {"GET", "/api/v1/uploads/x"},
            {"POST", "/api/v1/uploads/x/complete"},
            {"GET", "/api/v1/uploads/x/download-url"}
          }) {
        RawHttp.Request request = RawHttp.request(call[0], call[1]).header("Authorization", header);
        if (call[0].equals("POST")) {
          request
              .header("Content-Type", "application/json")
              .body("{\"original_file_name\": \"a.pdf\", \"file_size\": 1}");
        }
        RawHttp.Reply reply = send(request);
        assertThat(reply.status()).as(call[1] + " -> " + reply.body()).isBetween(400, 499);
      }
    }
    // A token in the query string is not a credential here; it must not be echoed either.
    send(RawHttp.request("GET", "/api/v1/uploads/x?access_token=" + sa));
  }

  private void tokenReviewUnavailable() throws Exception {
    fixture.auth.setDown(true);
    dependencyDown = true;
    try {
      RawHttp.Reply reply =
          createUpload(FRESH_SA_TOKEN, "{\"original_file_name\": \"a.pdf\", \"file_size\": 1}");
      assertThat(reply.status()).as(reply.body()).isEqualTo(503);
      assertThat(call("GET", "/api/v1/uploads/x", FRESH_SA_TOKEN.value() + "2").status())
          .isEqualTo(503);
    } finally {
      fixture.auth.setDown(false);
      dependencyDown = false;
    }
  }

  private void s3UnreachableForComplete() throws Exception {
    UploadClass fragile = fixture.exampleClass();
    fragile.getMetadata().setName("fragile");
    fragile.getMetadata().setAnnotations(null);
    fixture.client().resource(fragile).create();
    Await.until(
        "class fragile Ready",
        Duration.ofSeconds(10),
        () -> fixture.client().resources(UploadClass.class).withName("fragile").get(),
        c ->
            c.getStatus() != null
                && c.getStatus()
                    .findCondition("Ready")
                    .map(r -> "True".equals(r.getStatus()))
                    .orElse(false));
    RawHttp.Reply created =
        createUpload(
            SA_TOKEN,
            "{\"original_file_name\": \"f.pdf\", \"file_size\": 1, \"upload_class\": \"fragile\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    fixture
        .client()
        .resources(UploadClass.class)
        .withName("fragile")
        .edit(
            c -> {
              c.getSpec().setEndpoint("http://127.0.0.1:1");
              return c;
            });
    String id = AnswerChecks.json(created).path("id").asText();
    dependencyDown = true;
    try {
      // The API uses the class as its informer has it: the edit arrives a moment later.
      RawHttp.Reply completed =
          dev.presign.testing.Await.until(
              "/complete answered 503 for the unreachable endpoint",
              java.time.Duration.ofSeconds(15),
              () -> {
                try {
                  return call("POST", "/api/v1/uploads/" + id + "/complete", SA_TOKEN.value());
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              reply -> reply.status() == 503);
      assertThat(completed.status()).as(completed.body()).isEqualTo(503);
    } finally {
      dependencyDown = false;
    }
  }

  /**
   * A class that keeps forms in Secrets: one request through the HTTP API (uploaded, completed),
   * one with kubectl (PUT, cancelled). Their signatures and policies become canaries.
   */
  private void formsDeliveredInSecrets() throws Exception {
    UploadClass inSecret = fixture.exampleClass();
    inSecret.getMetadata().setName("in-secret");
    inSecret.getMetadata().setAnnotations(null);
    inSecret.getSpec().setFormDelivery(dev.presign.api.v1alpha1.FormDelivery.SECRET);
    fixture.client().resource(inSecret).create();
    byte[] content = "%PDF-1.4 in a Secret".getBytes(StandardCharsets.US_ASCII);
    RawHttp.Reply created =
        createUpload(
            SA_TOKEN,
            "{\"original_file_name\": \"s.pdf\", \"file_size\": "
                + content.length
                + ", \"upload_class\": \"in-secret\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode upload = AnswerChecks.json(created);
    JsonNode fields = upload.path("presigned_post_data").path("fields");
    SECRET_MODE_FORMS.add(
        new Canary(
            "signature of a form kept in a Secret", fields.path("x-amz-signature").asText()));
    SECRET_MODE_FORMS.add(
        new Canary("policy of a form kept in a Secret", fields.path("policy").asText()));
    Map<String, String> form =
        JSON.convertValue(fields, new com.fasterxml.jackson.core.type.TypeReference<>() {});
    var posted =
        new MultipartForm()
            .fields(form)
            .file("s.pdf", "application/pdf", content)
            .postTo(upload.path("presigned_post_data").path("url").asText());
    assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 299);
    String id = upload.path("id").asText();
    RawHttp.Reply completed = call("POST", "/api/v1/uploads/" + id + "/complete", SA_TOKEN.value());
    assertThat(completed.status()).as(completed.body()).isEqualTo(200);

    UploadRequestSpec spec = new UploadRequestSpec("put-in-secret.bin", 3);
    spec.setMethod(UploadMethod.PUT);
    spec.setUploadClassName("in-secret");
    fixture.create("put-in-secret", spec);
    UploadRequest put = fixture.awaitPhase("put-in-secret", Phase.ISSUED);
    var secret =
        fixture
            .client()
            .secrets()
            .inNamespace(NS)
            .withName("presign-form-" + put.getMetadata().getUid())
            .get();
    String putJson =
        new String(
            Base64.getDecoder().decode(secret.getData().get("presignedPut")),
            StandardCharsets.UTF_8);
    String url = JSON.readTree(putJson).path("url").asText();
    String signature = url.substring(url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
    SECRET_MODE_FORMS.add(new Canary("signature of a PUT URL kept in a Secret", signature));
    RawHttp.Reply cancelled =
        call("DELETE", "/api/v1/uploads/" + put.getMetadata().getUid(), SA_TOKEN.value());
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
  }

  // ----------------------------------------------------------------------------------- the scans

  /** Forms kept in Secrets appear in no status, Event, log entry or API request line. */
  private static void scanForSecretModeForms(List<String> leaks) {
    assertThat(SECRET_MODE_FORMS)
        .hasSize(3)
        .allSatisfy(c -> assertThat(c.value()).hasSizeGreaterThan(20));
    for (LogCapture.Entry entry : logs.entries()) {
      report(entry.text(), "a log entry of " + entry.logger(), SECRET_MODE_FORMS, leaks);
    }
    for (Event event : fixture.client().v1().events().inAnyNamespace().list().getItems()) {
      report(Serialization.asJson(event), "Event " + event.getReason(), SECRET_MODE_FORMS, leaks);
    }
    for (UploadRequest request :
        fixture.client().resources(UploadRequest.class).inAnyNamespace().list().getItems()) {
      report(
          Serialization.asJson(request),
          "UploadRequest " + request.getMetadata().getName(),
          SECRET_MODE_FORMS,
          leaks);
    }
    for (String request : fixture.cluster.requests()) {
      report(request, "a request line sent to the API server", SECRET_MODE_FORMS, leaks);
    }
  }

  private void awaitEvents() {
    Await.until(
        "Events of the scenarios",
        Duration.ofSeconds(10),
        () -> fixture.client().v1().events().inAnyNamespace().list().getItems(),
        events ->
            // Issued of the requests made with kubectl (one made over HTTP gets no routine Event).
            events.stream().anyMatch(e -> "Issued".equals(e.getReason()))
                && events.stream().anyMatch(e -> "CredentialsInvalid".equals(e.getReason()))
                && events.stream().anyMatch(e -> "ClassNotFound".equals(e.getReason()))
                && events.stream().anyMatch(e -> "BucketProbeFailed".equals(e.getReason())));
  }

  private static void scanLogs(List<String> leaks) {
    for (LogCapture.Entry entry : logs.entries()) {
      for (Canary canary : ALL) {
        String found = canary.foundIn(entry.text());
        if (found != null) {
          leaks.add(canary + " in a log entry of " + entry.logger() + " (" + entry.level() + ")");
        }
      }
    }
  }

  private static void scanEvents(List<String> leaks) {
    for (Event event : fixture.client().v1().events().inAnyNamespace().list().getItems()) {
      String json = Serialization.asJson(event);
      for (Canary canary : ALL) {
        if (canary.foundIn(json) != null) {
          leaks.add(
              canary
                  + " in Event "
                  + event.getReason()
                  + " about "
                  + event.getInvolvedObject().getName());
        }
      }
    }
  }

  private static void scanUploadRequests(List<String> leaks) throws Exception {
    for (UploadRequest request :
        fixture.client().resources(UploadRequest.class).inAnyNamespace().list().getItems()) {
      String where = "UploadRequest " + request.getMetadata().getName();
      ObjectNode json = (ObjectNode) JSON.readTree(Serialization.asJson(request));
      JsonNode fields = json.path("status").path("presignedPost").path("fields");
      if (fields instanceof ObjectNode form) {
        stripSignedForm(form, where, leaks);
      }
      JsonNode put = json.path("status").path("presignedPut");
      if (put instanceof ObjectNode url) {
        url.put("url", stripPresignedUrl(url.path("url").asText(), where, leaks));
      }
      report(JSON.writeValueAsString(json), where + " (status and all)", ALL, leaks);
      report(request.toString(), where + ".toString()", ALL, leaks);
    }
  }

  private static void scanUploadClasses(List<String> leaks) {
    for (UploadClass uploadClass :
        fixture.client().resources(UploadClass.class).list().getItems()) {
      String where = "UploadClass " + uploadClass.getMetadata().getName();
      report(Serialization.asJson(uploadClass), where, ALL, leaks);
      report(uploadClass.toString(), where + ".toString()", ALL, leaks);
    }
  }

  private static void scanMetrics(List<String> leaks) throws Exception {
    RawHttp.Reply metrics = http.send(RawHttp.request("GET", "/metrics"));
    assertThat(metrics.status()).isEqualTo(200);
    report(metrics.body(), "/metrics", ALL, leaks);
  }

  private static void scanReplies(List<String> leaks) throws Exception {
    for (RawHttp.Reply reply : replies) {
      String where = reply.request() + " -> " + reply.status();
      report(reply.headers().toString(), where + " headers", ALL, leaks);
      String type = reply.header("Content-Type");
      if (reply.status() >= 300 || type == null || !type.startsWith("application/json")) {
        report(reply.body(), where + " body", ALL, leaks);
        continue;
      }
      JsonNode body = AnswerChecks.json(reply);
      if (body instanceof ObjectNode object) {
        JsonNode fields = object.path("presigned_post_data").path("fields");
        if (fields instanceof ObjectNode form) {
          stripSignedForm(form, where, leaks);
        }
        if (object.has("url") && reply.request().contains("/download-url")) {
          object.put("url", stripPresignedUrl(object.path("url").asText(), where, leaks));
        }
      }
      report(JSON.writeValueAsString(body), where + " body", ALL, leaks);
    }
  }

  /**
   * The session token belongs in a signed form twice: as the x-amz-security-token field, and in the
   * policy's condition pinning that field. Checks both, then removes them.
   */
  private static void stripSignedForm(ObjectNode form, String where, List<String> leaks)
      throws Exception {
    JsonNode token = form.remove("x-amz-security-token");
    if (token != null) {
      signedFormsSeen++;
    }
    if (token != null && !SESSION_TOKEN.value().equals(token.asText())) {
      leaks.add(where + ": x-amz-security-token is not the session token");
    }
    JsonNode policy = form.remove("policy");
    if (policy != null) {
      String decoded =
          new String(Base64.getDecoder().decode(policy.asText()), StandardCharsets.UTF_8);
      JsonNode conditions = JSON.readTree(decoded).path("conditions");
      boolean pinned = false;
      for (JsonNode condition : conditions) {
        if (condition.isObject()
            && SESSION_TOKEN.value().equals(condition.path("x-amz-security-token").asText())) {
          ((ObjectNode) condition).remove("x-amz-security-token");
          pinned = true;
        }
      }
      if (token != null && !pinned) {
        leaks.add(where + ": the policy does not pin x-amz-security-token");
      }
      report(JSON.writeValueAsString(conditions), where + " policy", ALL, leaks);
    }
  }

  /** A presigned URL made with temporary credentials carries the token as X-Amz-Security-Token. */
  private static String stripPresignedUrl(String url, String where, List<String> leaks) {
    String parameter = "X-Amz-Security-Token=";
    int at = url.indexOf(parameter);
    if (at < 0) {
      return url;
    }
    int end = url.indexOf('&', at);
    String value = url.substring(at + parameter.length(), end < 0 ? url.length() : end);
    String decoded = java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    presignedUrlsSeen++;
    if (!decoded.equals(SESSION_TOKEN.value())) {
      leaks.add(where + ": X-Amz-Security-Token is not the session token");
    }
    return url.substring(0, at) + url.substring(end < 0 ? url.length() : end);
  }

  private static void report(String text, String where, List<Canary> canaries, List<String> leaks) {
    for (Canary canary : canaries) {
      String found = canary.foundIn(text);
      if (found != null) {
        leaks.add(canary + " in " + where + (found.equals(canary.value()) ? "" : " (encoded)"));
      }
    }
  }

  // --------------------------------------------------------------------------------- HTTP helpers

  private static RawHttp.Reply createUpload(Canary token, String body) throws Exception {
    return send(
        RawHttp.request("POST", "/api/v1/uploads/")
            .bearer(token.value())
            .header("Content-Type", "application/json")
            .body(body));
  }

  private static RawHttp.Reply call(String method, String target, String token) throws Exception {
    return send(RawHttp.request(method, target).bearer(token));
  }

  private static RawHttp.Reply send(RawHttp.Request request) throws Exception {
    RawHttp.Reply reply = http.send(request);
    synchronized (replies) {
      replies.add(reply);
    }
    AnswerChecks.wellBehaved(reply, dependencyDown);
    return reply;
  }
}
