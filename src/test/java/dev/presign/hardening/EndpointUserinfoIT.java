package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An UploadClass whose {@code spec.endpoint} carries a user name and password ({@code
 * https://user:pass@host}), stored where no CRD schema applies (the mock server, like an object
 * stored before the CRD's rule or a cluster that skips it). The operator must refuse the class with
 * Ready=False naming {@code spec.endpoint}, and the password must appear nowhere: not in the
 * class's status, not in Events, not in a request's status (a signed form's URL would carry it),
 * not in an HTTP answer, not in the log.
 */
class EndpointUserinfoIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final Canary PASSWORD =
      new Canary("endpoint password", "canarypw" + UUID.randomUUID().toString().replace("-", ""));

  private static OperatorFixture fixture;
  private static LogCapture logs;
  private static RawHttp http;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    logs = LogCapture.start();
    fixture = OperatorFixture.start();
    http = new RawHttp(fixture.apiUrl());
    token = fixture.auth.serviceAccountToken(NS, "app");
    fixture.auth.allow(APP, "create", NS);
    fixture.auth.allow(APP, "get", NS);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (logs != null) {
        logs.close();
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  @Test
  void aClassWithUserinfoInItsEndpointIsRefusedWithoutEchoingIt() throws Exception {
    String s3 = fixture.s3.endpoint(); // http://127.0.0.1:PORT
    String withUserinfo = s3.replace("://", "://canaryuser:" + PASSWORD.value() + "@");
    Map<String, String> endpoints =
        Map.of(
            "userinfo",
            withUserinfo,
            "userinfo-bad-escape",
            withUserinfo.replace("@", "%zz@"),
            "userinfo-query",
            withUserinfo + "/?x=1",
            "userinfo-no-scheme",
            withUserinfo.replace("http://", ""));
    for (var entry : endpoints.entrySet()) {
      UploadClass uploadClass = fixture.exampleClass();
      uploadClass.getMetadata().setName(entry.getKey());
      uploadClass.getMetadata().setAnnotations(null);
      uploadClass.getSpec().setEndpoint(entry.getValue());
      fixture.client().resource(uploadClass).create();
    }

    for (String name : endpoints.keySet()) {
      Condition ready =
          Await.until(
              name + " has a Ready condition",
              Duration.ofSeconds(30),
              () -> readyOf(name),
              c -> c != null);
      assertThat(ready.getStatus()).as(name + ": " + ready.getMessage()).isEqualTo("False");
      assertThat(ready.getReason())
          .as(name + ": " + ready.getMessage())
          .isEqualTo(Reasons.INVALID_SPEC);
      assertThat(ready.getMessage()).as(name).startsWith("spec.endpoint: ");
    }
    assertThat(readyOf("userinfo").getMessage())
        .contains("user name or password")
        .contains("spec.credentials");

    // A request of the class is not signed with it, by the reconciler or over HTTP.
    UploadRequestSpec spec = new UploadRequestSpec("a.pdf", 3);
    spec.setUploadClassName("userinfo");
    fixture.create("of-userinfo", spec);
    UploadRequest request =
        Await.until(
            "of-userinfo has a phase",
            Duration.ofSeconds(30),
            () -> fixture.get("of-userinfo"),
            r -> r.getStatus() != null && r.getStatus().getPhase() != null);
    assertThat(request.getStatus().getPhase()).isNotEqualTo(Phase.ISSUED);
    RawHttp.Reply created =
        http.send(
            RawHttp.request("POST", "/api/v1/uploads/")
                .bearer(token)
                .header("Content-Type", "application/json")
                .body(
                    "{\"original_file_name\": \"b.pdf\", \"file_size\": 3,"
                        + " \"upload_class\": \"userinfo\"}"));
    assertThat(created.body()).doesNotContain("presigned_post_data\":{\"url");

    Await.until(
        "InvalidSpec Events of the classes",
        Duration.ofSeconds(10),
        () -> fixture.client().v1().events().inAnyNamespace().list().getItems(),
        events ->
            events.stream().filter(e -> Reasons.INVALID_SPEC.equals(e.getReason())).count()
                >= endpoints.size());

    List<String> leaks = new ArrayList<>();
    for (Event event : fixture.client().v1().events().inAnyNamespace().list().getItems()) {
      check(Serialization.asJson(event), "Event " + event.getReason(), leaks);
    }
    for (UploadClass uploadClass :
        fixture.client().resources(UploadClass.class).list().getItems()) {
      check(
          Serialization.asJson(uploadClass.getStatus()),
          "status of class " + uploadClass.getMetadata().getName(),
          leaks);
    }
    for (UploadRequest each :
        fixture.client().resources(UploadRequest.class).inAnyNamespace().list().getItems()) {
      check(
          Serialization.asJson(each.getStatus()),
          "status of request " + each.getMetadata().getName(),
          leaks);
    }
    check(created.body(), "the HTTP answer " + created.status(), leaks);
    for (LogCapture.Entry entry : logs.entries()) {
      // The mock API server logs the requests it serves, the test's own create among them.
      if (!entry.logger().startsWith("io.fabric8.mockwebserver")) {
        check(entry.text(), "a log entry of " + entry.logger(), leaks);
      }
    }
    assertThat(leaks).as("the endpoint's password found where it must not be").isEmpty();
  }

  private static Condition readyOf(String className) {
    UploadClass uploadClass =
        fixture.client().resources(UploadClass.class).withName(className).get();
    return uploadClass == null || uploadClass.getStatus() == null
        ? null
        : uploadClass.getStatus().findCondition(ConditionTypes.READY).orElse(null);
  }

  private static void check(String text, String where, List<String> leaks) {
    if (PASSWORD.foundIn(text) != null) {
      leaks.add(where + ": " + text.substring(0, Math.min(text.length(), 300)));
    }
  }
}
