package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.NotifySecretKeyReference;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.api.v1alpha1.UploadNotify;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.S3ProxyServer;
import dev.presign.testing.WebhookReceiver;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a notification receiver gets holds no secret: not the HMAC key, the S3 secret key or the
 * session token, not a signed form or URL (their policies and signatures), and not a request's
 * metadata values. And the HMAC key shows nowhere else either (logs, Events, statuses). Every
 * finished phase is covered: uploaded through a POST form, a PUT that expired, a cancel, and a
 * refusal by the class before anything was signed.
 */
class NotificationHygieneIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String TOKEN = "notification-hygiene-token";

  private static final Canary HMAC_KEY = Canary.of("HMAC key", "CnryHmac", 40);
  private static final Canary SECRET_KEY = Canary.of("S3 secret key", "CnrySecret", 32);
  private static final Canary SESSION_TOKEN = Canary.of("session token", "CnrySession", 120);
  private static final Canary METADATA = Canary.of("a metadata value", "CnryMeta", 24);

  private static LogCapture logs;
  private static WebhookReceiver receiver;
  private static OperatorFixture fixture;

  /** Policies, signatures and credentials of the forms and URLs signed during the test. */
  private static final List<Canary> FORMS = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    logs = LogCapture.start();
    receiver = WebhookReceiver.start();
    fixture =
        OperatorFixture.start(
            S3ProxyServer.startTransient(SECRET_KEY.value()),
            Map.of("AWS_SESSION_TOKEN", SESSION_TOKEN.value()));
    fixture
        .client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withNamespace(OperatorFixture.SYSTEM_NAMESPACE)
                .withName("notify-hooks")
                .endMetadata()
                .withStringData(Map.of("hmac-key", HMAC_KEY.value()))
                .build())
        .create();
    UploadClass hooked = fixture.exampleClass();
    hooked.getMetadata().setName("hooked");
    hooked.getMetadata().setAnnotations(Map.of());
    hooked.getSpec().setAllowedContentTypes(List.of("application/pdf", "text/plain"));
    hooked
        .getSpec()
        .setNotify(
            new UploadNotify(
                receiver.url("/hygiene"),
                new NotifySecretKeyReference(
                    OperatorFixture.SYSTEM_NAMESPACE, "notify-hooks", "hmac-key")));
    fixture.client().resource(hooked).create();
    fixture.auth.register(TOKEN, APP);
    fixture.auth.allow(APP, "get", NS);
    fixture.auth.allow(APP, "delete", NS);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (logs != null) {
        logs.close();
      }
      if (fixture != null) {
        fixture.close();
      }
    } finally {
      if (receiver != null) {
        receiver.close();
      }
    }
  }

  @Test
  void receiversGetNoSecretAndTheHmacKeyShowsNowhere() throws Exception {
    uploadedThroughTheForm();
    putThatExpires();
    cancelled();
    refusedBeforeSigning();
    List<String> names = List.of("posted", "put-expired", "cancelled", "refused");
    for (String name : names) {
      Await.until(
          name + " Notified=True",
          Duration.ofSeconds(30),
          () -> fixture.get(name),
          r ->
              r.getStatus() != null
                  && r.getStatus()
                      .findCondition(ConditionTypes.NOTIFIED)
                      .map(c -> ConditionTypes.STATUS_TRUE.equals(c.getStatus()))
                      .orElse(false));
    }

    List<Canary> neverSent =
        new ArrayList<>(List.of(HMAC_KEY, SECRET_KEY, SESSION_TOKEN, METADATA));
    neverSent.addAll(FORMS);
    List<String> leaks = new ArrayList<>();
    List<WebhookReceiver.Received> received = receiver.received("/hygiene");
    for (WebhookReceiver.Received r : received) {
      report(new String(r.body(), StandardCharsets.UTF_8), "a notification body", neverSent, leaks);
      report(r.headers().toString(), "notification headers", neverSent, leaks);
    }
    List<Canary> hmacOnly = List.of(HMAC_KEY);
    for (LogCapture.Entry entry : logs.entries()) {
      report(entry.text(), "a log entry of " + entry.logger(), hmacOnly, leaks);
    }
    for (Event event : fixture.client().v1().events().inAnyNamespace().list().getItems()) {
      report(Serialization.asJson(event), "Event " + event.getReason(), hmacOnly, leaks);
    }
    for (UploadRequest request :
        fixture.client().resources(UploadRequest.class).inAnyNamespace().list().getItems()) {
      report(
          Serialization.asJson(request),
          "UploadRequest " + request.getMetadata().getName(),
          List.of(HMAC_KEY, SECRET_KEY),
          leaks);
    }
    for (String request : fixture.cluster.requests()) {
      report(request, "a request line sent to the API server", hmacOnly, leaks);
    }

    assertThat(leaks).as("canaries found where they must not be").isEmpty();
    // Not vacuous: every phase was announced, forms were signed, and there were logs to read.
    assertThat(received).hasSize(names.size());
    assertThat(FORMS).hasSizeGreaterThanOrEqualTo(5);
    assertThat(logs.entries()).isNotEmpty();
  }

  private static void uploadedThroughTheForm() throws Exception {
    UploadRequestSpec spec = new UploadRequestSpec("report.pdf", 9);
    spec.setUploadClassName("hooked");
    spec.setMetadata(Map.of("note", METADATA.value()));
    fixture.create("posted", spec);
    UploadRequest issued = fixture.awaitPhase("posted", Phase.ISSUED);
    Map<String, String> fields = issued.getStatus().getPresignedPost().getFields();
    rememberForm("posted", fields);
    var posted =
        new MultipartForm()
            .fields(fields)
            .file(
                "report.pdf",
                issued.getStatus().getFileType(),
                "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII))
            .postTo(issued.getStatus().getPresignedPost().getUrl());
    assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 299);
    fixture.awaitPhase("posted", Phase.UPLOADED);
  }

  private static void putThatExpires() {
    UploadRequestSpec spec = new UploadRequestSpec("put.txt", 3);
    spec.setUploadClassName("hooked");
    spec.setMethod(UploadMethod.PUT);
    spec.setExpiresInSeconds(2);
    spec.setMetadata(Map.of("note", METADATA.value()));
    fixture.create("put-expired", spec);
    UploadRequest issued = fixture.awaitPhase("put-expired", Phase.ISSUED);
    String url = issued.getStatus().getPresignedPut().getUrl();
    String query = URI.create(url).getRawQuery();
    for (String parameter : query.split("&")) {
      String[] pair = parameter.split("=", 2);
      if (pair[0].equals("X-Amz-Signature") || pair[0].equals("X-Amz-Credential")) {
        FORMS.add(new Canary("put-expired " + pair[0], pair[1]));
      }
    }
    fixture.awaitPhase("put-expired", Phase.EXPIRED);
  }

  private static void cancelled() throws Exception {
    UploadRequestSpec spec = new UploadRequestSpec("cancel.pdf", 10);
    spec.setUploadClassName("hooked");
    fixture.create("cancelled", spec);
    UploadRequest issued = fixture.awaitPhase("cancelled", Phase.ISSUED);
    rememberForm("cancelled", issued.getStatus().getPresignedPost().getFields());
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            fixture.apiUrl() + "/api/v1/uploads/" + issued.getMetadata().getUid()))
                    .header("Authorization", "Bearer " + TOKEN)
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  private static void refusedBeforeSigning() {
    UploadRequestSpec spec = new UploadRequestSpec("tool.exe", 10);
    spec.setUploadClassName("hooked");
    spec.setMetadata(Map.of("note", METADATA.value()));
    fixture.create("refused", spec);
    fixture.awaitPhase("refused", Phase.FAILED);
  }

  private static void rememberForm(String name, Map<String, String> fields) {
    for (String field : List.of("policy", "x-amz-signature", "x-amz-credential")) {
      FORMS.add(new Canary(name + " " + field, fields.get(field)));
    }
  }

  private static void report(String text, String where, List<Canary> canaries, List<String> leaks) {
    for (Canary canary : canaries) {
      String found = canary.foundIn(text);
      if (found != null) {
        leaks.add(canary + " in " + where + (found.equals(canary.value()) ? "" : " (encoded)"));
      }
    }
  }
}
