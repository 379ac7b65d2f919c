package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input over the real HTTP API (mock API server + S3Proxy + the operator): random and
 * adversarial JSON bodies, content types, encodings and sizes for {@code POST /api/v1/uploads/},
 * and hostile ids and query parameters for the other endpoints. Whatever is sent: no 5xx, every 4xx
 * is a JSON error, no stack trace, and every 201 names a key that stays under the class's prefix
 * and is the key the recorded UploadRequest has.
 */
class HostileHttpInputIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String OTHER_NS = "team-b";
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String PREFIX = "media/";

  private static OperatorFixture fixture;
  private static RawHttp http;
  private static String appToken;
  private static String ownId;
  private static String theirId;
  private static final AtomicInteger tried = new AtomicInteger();
  private static final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
  private static long startedAt;

  @BeforeContainer
  static void start() throws Exception {
    startedAt = System.nanoTime();
    fixture = OperatorFixture.start();
    http = new RawHttp(fixture.apiUrl());
    appToken = fixture.auth.serviceAccountToken(NS, "app");
    fixture.auth.allow(APP, "create", NS);
    fixture.auth.allow(APP, "get", NS);
    fixture
        .client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(OTHER_NS).endMetadata().build())
        .create();
    String other = fixture.auth.serviceAccountToken(OTHER_NS, "app");
    fixture.auth.allow("system:serviceaccount:" + OTHER_NS + ":app", "create", OTHER_NS);
    ownId = createdId(appToken);
    theirId = createdId(other);
  }

  @AfterContainer
  static void stop() throws Exception {
    try {
      System.out.printf(
          "HostileHttpInputIT: %d hostile HTTP inputs tried in %.1f s; answers %s%n",
          tried.get(), (System.nanoTime() - startedAt) / 1e9, new TreeMap<>(outcomes));
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  private static String createdId(String token) throws Exception {
    RawHttp.Reply reply =
        http.send(
            RawHttp.request("POST", "/api/v1/uploads/")
                .bearer(token)
                .header("Content-Type", "application/json")
                .body("{\"original_file_name\": \"seed.pdf\", \"file_size\": 10}"));
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return AnswerChecks.json(reply).get("id").asText();
  }

  // ---------------------------------------------------------------- POST /api/v1/uploads/

  /** A request to create an upload, and whether the API must refuse it whatever else it holds. */
  record Create(String target, String contentType, byte[] body, boolean chunked, boolean mustFail) {
    @Override
    public String toString() {
      String text = new String(body, StandardCharsets.UTF_8);
      return "Create["
          + target
          + ", "
          + contentType
          + ", chunked="
          + chunked
          + ", mustFail="
          + mustFail
          + ", "
          + body.length
          + " bytes: "
          + (text.length() > 400 ? text.substring(0, 400) + "…" : text)
          + "]";
    }
  }

  @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED, seed = "20240611")
  void randomBodiesAreRefusedCleanlyOrIssuedUnderThePrefix(@ForAll("createRequests") Create create)
      throws Exception {
    send(create);
  }

  @Example
  void adversarialBodiesAreRefusedCleanlyOrIssuedUnderThePrefix() throws Exception {
    Failures failures = new Failures();
    for (Create create : adversarialCreates()) {
      failures.check(() -> send(create));
    }
    failures.assertNone();
  }

  /**
   * Ambiguous framing, the stuff of request smuggling: the server must refuse it or read it one
   * way, answering once, never with a 5xx and never by signing what a proxy might not have seen.
   */
  @Example
  void ambiguousFramingIsRefusedOrReadOneWay() throws Exception {
    String body = "{\"original_file_name\": \"a.pdf\", \"file_size\": 1}";
    String start =
        "POST /api/v1/uploads/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            + "Authorization: Bearer "
            + appToken
            + "\r\nContent-Type: application/json\r\n";
    String smuggled = "GET /api/v1/uploads/" + ownId + " HTTP/1.1\r\nHost: x\r\n\r\n";
    String[] requests = {
      start + "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body,
      start + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n" + smuggled,
      start + "Content-Length: 2\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
      start + "Content-Length: " + body.length() + ", 2\r\n\r\n" + body,
      start + "Transfer-Encoding: chunked, identity\r\n\r\n" + body,
      start + "Transfer-Encoding: xchunked\r\n\r\n" + body,
      start + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
      start + "Content-Length: -1\r\n\r\n" + body,
      start + "Content-Length: 99999999999999999999\r\n\r\n" + body,
      start + "X-Folded: a\r\n b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
      start + "Content-Length: " + body.length() + "\r\n\r\n" + body + smuggled,
      start.replace("Bearer ", "Bearer\u0000") + "Content-Length: 2\r\n\r\n{}",
      start + "X-Long: " + "a".repeat(20_000) + "\r\nContent-Length: 2\r\n\r\n{}",
    };
    Failures failures = new Failures();
    LogCapture logs = LogCapture.start();
    for (String raw : requests) {
      failures.check(
          () -> {
            String shown = raw.length() > 300 ? raw.substring(0, 300) + "…" : raw;
            RawHttp.Reply reply =
                http.sendRaw(raw.getBytes(StandardCharsets.ISO_8859_1), shown.replace("\r\n", "⏎"));
            record(reply);
            AnswerChecks.wellBehaved(reply);
            if (reply.status() == 201) {
              checkIssued(AnswerChecks.json(reply), shown);
            }
          });
    }
    // A request still waiting for its body is dropped when the client hangs up (status 0 here):
    // give the server a moment to notice, then nothing of it may be logged as a problem.
    Thread.sleep(300);
    logs.close();
    assertThat(logs.warningsAndErrors()).as("warnings or errors logged").isEmpty();
    failures.assertNone();
  }

  private static void send(Create create) throws Exception {
    RawHttp.Request request = RawHttp.request("POST", create.target()).bearer(appToken);
    if (create.contentType() != null) {
      request.header("Content-Type", create.contentType());
    }
    request.body(create.body());
    if (create.chunked()) {
      request.chunked();
    }
    RawHttp.Reply reply = http.send(request);
    record(reply);
    AnswerChecks.wellBehaved(reply);
    String what = create + " -> " + reply.status() + " " + reply.body();
    if (create.mustFail()) {
      assertThat(reply.status()).as(what).isBetween(400, 499);
    } else {
      assertThat(reply.status())
          .as(what)
          .satisfiesAnyOf(
              s -> assertThat(s).isEqualTo(201), s -> assertThat(s).isBetween(400, 499));
    }
    if (reply.status() == 201) {
      checkIssued(AnswerChecks.json(reply), what);
    }
  }

  private static void checkIssued(JsonNode upload, String what) {
    String key = upload.path("key").asText(null);
    AnswerChecks.safeKey(key, PREFIX, what);
    JsonNode fields = upload.path("presigned_post_data").path("fields");
    assertThat(fields.path("key").asText()).as(what).isEqualTo(key);
    assertThat(fields.path("Content-Type").asText())
        .as(what)
        .doesNotContain("\r")
        .doesNotContain("\n");
    UploadRequest recorded =
        fixture
            .client()
            .resources(UploadRequest.class)
            .inNamespace(upload.path("namespace").asText())
            .withName(upload.path("name").asText())
            .get();
    assertThat(recorded).as(what).isNotNull();
    assertThat(recorded.getMetadata().getUid()).as(what).isEqualTo(upload.path("id").asText());
    assertThat(recorded.getStatus().getKey()).as(what).isEqualTo(key);
  }

  @Provide
  Arbitrary<Create> createRequests() {
    Arbitrary<String> names =
        Combinators.combine(
                HostileValues.text(),
                Arbitraries.of(
                    "", ".pdf", ".PNG", ".tar.gz", ".", "..", ".exe\u0000.pdf", ".p\u202edf"))
            .as((t, ext) -> t + ext);
    Arbitrary<Tuple.Tuple2<String, Boolean>> name =
        Arbitraries.frequencyOf(
            Tuple.of(
                8,
                names.map(n -> Tuple.of(HostileValues.quote(n), n.isEmpty() || n.length() > 4096))),
            Tuple.of(
                1,
                names.map(
                    n ->
                        Tuple.of(
                            HostileValues.rawQuote(n),
                            n.isEmpty() || n.length() > 4096 || hasControl(n)))),
            Tuple.of(1, HostileValues.nonString().map(v -> Tuple.of(v, true))));
    Arbitrary<String> folder =
        HostileValues.stringLiteral(
            Arbitraries.oneOf(
                HostileValues.text(),
                Arbitraries.of(
                    "uploads",
                    "avatars/2024",
                    "/a/",
                    "a//b",
                    "a/./b",
                    "...",
                    ".hidden",
                    "u".repeat(257))));
    Arbitrary<String> type =
        HostileValues.stringLiteral(
            Arbitraries.oneOf(
                HostileValues.text(),
                Arbitraries.of(
                    "application/pdf",
                    "text/html",
                    "image/svg+xml",
                    "text/plain; charset=\"utf-8\"",
                    "text/html\r\nX-Injected: yes",
                    "text/html\nSet-Cookie: a=b",
                    "text/html%0d%0aX-Injected:%20yes",
                    "a/b; x=\"" + "q".repeat(240) + "\"",
                    "*/*",
                    "application/pdf\u0000",
                    "application/\u202epdf")));
    Arbitrary<String> uploadClass =
        Arbitraries.frequencyOf(
            Tuple.of(
                3,
                Arbitraries.of(
                    "\"default\"",
                    "\"DEFAULT\"",
                    "\"default/../x\"",
                    "\"-x\"",
                    "\"x_y\"",
                    "\"" + "a".repeat(300) + "\"")),
            Tuple.of(1, HostileValues.stringLiteral(HostileValues.text())));
    Arbitrary<String> namespace =
        Arbitraries.frequencyOf(
            Tuple.of(
                3,
                Arbitraries.of(
                    "\"team-a\"",
                    "\"team-b\"",
                    "\"kube-system\"",
                    "\"Team-A\"",
                    "\"team-a/../x\"",
                    "\"\"")),
            Tuple.of(1, HostileValues.stringLiteral(HostileValues.text())));
    Arbitrary<String> junkKey =
        Arbitraries.oneOf(
            HostileValues.text(),
            Arbitraries.of(
                "__proto__",
                "constructor",
                "FILE_SIZE",
                "file_size ",
                "file_size\u0000",
                "original_file_name\u202e",
                "id",
                "key",
                "status"));
    Arbitrary<Tuple.Tuple3<String, Boolean, Integer>> members =
        Combinators.combine(
                name.injectNull(0.08),
                HostileValues.fileSize().injectNull(0.08),
                type.injectNull(0.6),
                folder.injectNull(0.55),
                uploadClass.injectNull(0.85),
                namespace.injectNull(0.85),
                HostileValues.expiresIn().injectNull(0.8),
                Combinators.combine(
                        HostileValues.metadata().injectNull(0.8),
                        Combinators.combine(
                                junkKey, HostileValues.stringLiteral(HostileValues.text()))
                            .as((k, v) -> HostileValues.quote(k) + ": " + v)
                            .injectNull(0.8),
                        Arbitraries.integers().between(0, 99),
                        Arbitraries.randoms())
                    .as(Tuple::of))
            .as(
                (n, size, t, f, c, ns, exp, rest) -> {
                  List<String> parts = new ArrayList<>();
                  boolean mustFail = false;
                  if (n != null) {
                    parts.add("\"original_file_name\": " + n.get1());
                    mustFail |= n.get2();
                  } else {
                    mustFail = true;
                  }
                  if (size != null) {
                    parts.add("\"file_size\": " + size.json());
                    mustFail |= !size.valid();
                  } else {
                    mustFail = true;
                  }
                  if (t != null) parts.add("\"file_type\": " + t);
                  if (f != null) parts.add("\"upload_to\": " + f);
                  if (c != null) parts.add("\"upload_class\": " + c);
                  if (ns != null) parts.add("\"namespace\": " + ns);
                  if (exp != null) parts.add("\"expires_in\": " + exp);
                  if (rest.get1() != null) parts.add("\"metadata\": " + rest.get1());
                  if (rest.get2() != null) parts.add(rest.get2());
                  int dice = rest.get3();
                  Collections.shuffle(parts, rest.get4());
                  if (dice < 5 && !parts.isEmpty()) {
                    parts.add(parts.get(0)); // a repeated key
                    mustFail = true;
                  }
                  return Tuple.of(String.join(", ", parts), mustFail, dice);
                });
    return members.map(
        m -> {
          String text = "{" + m.get1() + "}";
          int dice = m.get3();
          String contentType =
              dice < 88
                  ? "application/json"
                  : dice < 92
                      ? "application/json; charset=utf-8"
                      : dice < 94
                          ? "text/plain"
                          : dice < 96
                              ? null
                              : dice < 98 ? "multipart/form-data; boundary=x" : "APPLICATION/JSON";
          boolean wrongType =
              contentType == null || !contentType.toLowerCase().startsWith("application/json");
          byte[] bytes = HostileValues.invalidUtf8(text, dice);
          String target = dice % 5 == 0 ? "/api/v1/uploads" : "/api/v1/uploads/";
          return new Create(
              target,
              contentType,
              bytes,
              dice % 11 == 0,
              m.get2() || wrongType || bytes.length > 16 * 1024);
        });
  }

  private static boolean hasControl(String text) {
    return text.chars().anyMatch(c -> c < 0x20);
  }

  private static List<Create> adversarialCreates() {
    List<Create> creates = new ArrayList<>();
    String ok = "\"original_file_name\": \"a.pdf\", \"file_size\": 1";
    byte[] valid = ("{" + ok + "}").getBytes(StandardCharsets.UTF_8);
    // Whole bodies that are not an upload request.
    for (String body :
        new String[] {
          "",
          " ",
          "null",
          "[]",
          "[{}]",
          "\"string\"",
          "1",
          "true",
          "{",
          "}",
          "{\"a\":",
          "{}",
          "{\"original_file_name\": \"a.pdf\", \"file_size\": 1",
          "{" + ok + "}garbage",
          "{" + ok + "}{" + ok + "}",
          "{" + ok + ",}",
          "{'original_file_name': 'a.pdf', 'file_size': 1}",
          "{original_file_name: \"a.pdf\", file_size: 1}",
          "{" + ok + ", \"file_size\": 2}",
          "{" + ok + ", \"original_file_name\": \"b.pdf\"}",
          "/* c */ {" + ok + "}",
          "{" + ok + "} // c",
          "\ufeff{" + ok + "}",
          "{\"original_file_name\": \"a.pdf\", \"file_size\": NaN}",
          "{\"original_file_name\": \"a.pdf\", \"file_size\": Infinity}",
          "{\"original_file_name\": \"a.pdf\", \"file_size\": -Infinity}",
          "{\"original_file_name\": \"a.pdf\", \"file_size\": 1" + "0".repeat(5000) + "}",
          "{\"original_file_name\": \"a.pdf\", \"file_size\": 1e99999}",
          "{\"original_file_name\": \"a.pdf\", \"file_size\": 1, \"metadata\": "
              + "[".repeat(10_000)
              + "}",
          "[".repeat(10_000),
          "[".repeat(7_000) + "]".repeat(7_000),
          "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
          "{\"original_file_name\": \"" + "\\u0000".repeat(2_000) + "\", \"file_size\": 1}",
          "{\"original_file_name\": \"\\ud800\", \"file_size\": 1}",
          "{\"original_file_name\": \"a\\ud800.pdf\", \"file_size\": 1}",
          "{\"original_file_name\": \"\\udfff\\ud800\", \"file_size\": 1, \"upload_to\": \"\\ud800\"}",
          "{\"original_file_name\": \"a.pdf\", \"file_size\": 1, \"metadata\": {\"\\ud800\": \"\\udfff\"}}",
          "{\"original_file_name\": \"a.pdf\", \"file_size\": 1, \"metadata\": {\"a\": \"x\", \"A\": \"y\"}}",
          "{\"original_file_name\": \"a.pdf\", \"file_size\": 1, \"metadata\": {\"a\": \"x\", \"a\": \"y\"}}",
        }) {
      boolean mayPass =
          body.contains("\\ud800") && !body.contains("metadata")
              || body.contains("\"A\": \"y\"")
              || body.contains("\\u0000\\u0000");
      creates.add(
          new Create(
              "/api/v1/uploads/",
              "application/json",
              body.getBytes(StandardCharsets.UTF_8),
              false,
              !mayPass));
    }
    // Names and folders that try to leave the prefix, or confuse whoever reads the key.
    for (String name :
        new String[] {
          "../../../etc/passwd",
          "..\\..\\..\\windows\\win.ini",
          "/etc/passwd",
          "C:\\boot.ini",
          "%2e%2e%2f%2e%2e%2fsecret.pdf",
          "..%2f..%2fsecret.pdf",
          "\u00c0\u00ae\u00c0\u00ae/x.pdf",
          "\uff0e\uff0e\uff0fx.pdf",
          "....//....//x.pdf",
          "..",
          ".",
          "...",
          "/",
          "\\",
          "//",
          ".pdf",
          "..pdf",
          "a.",
          "a..pdf",
          "a.p\u0000df",
          "a\u0000.pdf",
          "\u0000",
          "\u202egnp.exe",
          "abc\u202efdp.exe",
          "\r\n.pdf",
          "a\r\nContent-Type: text/html\r\n\r\n<script>.pdf",
          "x".repeat(4096),
          "x".repeat(4097),
          "\u00e9".repeat(4096),
          "\ud83d\ude00".repeat(2048),
          "a".repeat(4000) + ".pdf",
          "a.pdf" + "\u200b".repeat(100),
          "CON.pdf",
          "nul",
          "a/b/c/../../d.pdf",
          "\u0639\u0631\u0628\u064a.pdf",
          "\u65e5\u672c\u8a9e.png",
          "${jndi:ldap://x/a}.pdf",
        }) {
      String body = "{\"original_file_name\": " + HostileValues.quote(name) + ", \"file_size\": 1}";
      creates.add(
          new Create(
              "/api/v1/uploads/",
              "application/json",
              body.getBytes(StandardCharsets.UTF_8),
              false,
              name.length() > 4096));
    }
    for (String folder :
        new String[] {
          "../",
          "..",
          ".",
          "uploads/../..",
          "uploads/..",
          "../media",
          "/",
          "//",
          "\\",
          "uploads\\..\\..",
          "%2e%2e%2f",
          "%2e%2e",
          "uploads/%2e%2e/x",
          "\u00c0\u00ae\u00c0\u00ae",
          "\uff0e\uff0e",
          "/etc",
          "uploads/\u0000",
          "uploads\r\nx",
          "\u202euploads",
          "a".repeat(256),
          "a".repeat(257),
          "a/".repeat(128),
          "uploads/./x",
          "uploads//x",
          " ",
          "",
          "ok/\u00e9",
        }) {
      String body = "{" + ok + ", \"upload_to\": " + HostileValues.quote(folder) + "}";
      creates.add(
          new Create(
              "/api/v1/uploads/",
              "application/json",
              body.getBytes(StandardCharsets.UTF_8),
              false,
              false));
    }
    for (String type :
        new String[] {
          "text/html\r\nX-Injected: yes", "text/html\nX: y", "text/html\rX: y", "text/html\u0000",
              "text/html%0d%0aX:%20y",
          "text/html\u2028X: y", "text/html\u0085X: y", "application/pdf; x=\"a\r\nb\"",
              " application/pdf", "application/pdf ",
        }) {
      String body = "{" + ok + ", \"file_type\": " + HostileValues.quote(type) + "}";
      creates.add(
          new Create(
              "/api/v1/uploads/",
              "application/json",
              body.getBytes(StandardCharsets.UTF_8),
              false,
              type.matches("(?s).*[\\r\\n\\u0000\\u2028\\u0085].*")));
    }
    // Invalid UTF-8: overlong '.', '/', encoded surrogates, truncated sequences, 0xFF.
    for (int seed = 0; seed < 8; seed++) {
      String body =
          "{\"original_file_name\": \""
              + HostileValues.INVALID_UTF8
              + HostileValues.INVALID_UTF8
              + "/x"
              + HostileValues.INVALID_UTF8
              + "pdf\", \"file_size\": 1, \"upload_to\": \"up"
              + HostileValues.INVALID_UTF8
              + "\"}";
      creates.add(
          new Create(
              "/api/v1/uploads/",
              "application/json",
              HostileValues.invalidUtf8(body, seed),
              false,
              false));
    }
    // Wrong or missing content types; other encodings.
    for (String type :
        new String[] {
          null,
          "",
          "text/plain",
          "multipart/form-data; boundary=x",
          "application/x-www-form-urlencoded",
          "application/xml",
          "text/json",
          "*/*",
          "application/jsonp",
          "application/json-patch+json"
        }) {
      boolean json = type != null && type.startsWith("application/json");
      creates.add(new Create("/api/v1/uploads/", type, valid, false, !json));
    }
    creates.add(
        new Create(
            "/api/v1/uploads/",
            "application/json; charset=utf-16",
            ("{" + ok + "}").getBytes(StandardCharsets.UTF_16),
            false,
            true));
    creates.add(
        new Create(
            "/api/v1/uploads/",
            "application/json; charset=utf-16le",
            ("{" + ok + "}").getBytes(StandardCharsets.UTF_16LE),
            false,
            true));
    // Bodies are read as UTF-8 only: another charset, known or not, is refused (not a 500).
    for (String charset :
        new String[] {
          "bogus", "", "utf-32", "x-\u00e9", "utf-8; charset=latin1", "../../etc", "utf-7"
        }) {
      creates.add(
          new Create(
              "/api/v1/uploads/", "application/json; charset=" + charset, valid, false, true));
    }
    for (String charset : new String[] {"utf-8", "UTF-8", "\"utf-8\"", "utf8"}) {
      creates.add(
          new Create(
              "/api/v1/uploads/", "application/json; charset=" + charset, valid, false, false));
    }
    creates.add(
        new Create(
            "/api/v1/uploads/",
            "application/json; charset=iso-8859-1",
            "{\"original_file_name\": \"\u00e9.pdf\", \"file_size\": 1}"
                .getBytes(StandardCharsets.ISO_8859_1),
            false,
            false));
    // Sizes: at the 16 KiB limit, just over it, 1 MB with and without a length.
    String padded = "{" + ok + "}";
    byte[] atLimit =
        (padded + " ".repeat(16 * 1024 - padded.length())).getBytes(StandardCharsets.UTF_8);
    creates.add(new Create("/api/v1/uploads/", "application/json", atLimit, false, false));
    byte[] overLimit =
        (padded + " ".repeat(16 * 1024 + 1 - padded.length())).getBytes(StandardCharsets.UTF_8);
    creates.add(new Create("/api/v1/uploads/", "application/json", overLimit, false, true));
    byte[] megabyte =
        ("{\"original_file_name\": \"" + "a".repeat(1 << 20) + "\", \"file_size\": 1}")
            .getBytes(StandardCharsets.UTF_8);
    creates.add(new Create("/api/v1/uploads/", "application/json", megabyte, false, true));
    creates.add(new Create("/api/v1/uploads/", "application/json", megabyte, true, true));
    creates.add(new Create("/api/v1/uploads/", "text/plain", megabyte, false, true));
    creates.add(new Create("/api/v1/uploads/", null, megabyte, true, true));
    return creates;
  }

  // ------------------------------------------- GET /{id}, POST /{id}/complete, GET
  // /{id}/download-url

  record Lookup(String method, byte[] target, String token) {
    @Override
    public String toString() {
      return method
          + " "
          + new String(target, StandardCharsets.ISO_8859_1)
          + (token == null ? " (no token)" : "");
    }
  }

  @Property(tries = 600, shrinking = ShrinkingMode.BOUNDED, seed = "20240611")
  void hostileIdsAndQueriesAreRefusedCleanly(@ForAll("lookups") Lookup lookup) throws Exception {
    lookup(lookup);
  }

  @Example
  void adversarialIdsAndQueriesAreRefusedCleanly() throws Exception {
    for (String id : adversarialIds()) {
      for (String suffix : new String[] {"", "/complete", "/download-url"}) {
        String method = suffix.equals("/complete") ? "POST" : "GET";
        lookup(
            new Lookup(
                method,
                ("/api/v1/uploads/" + id + suffix).getBytes(StandardCharsets.ISO_8859_1),
                appToken));
      }
    }
    for (String query : adversarialQueries()) {
      for (String id : new String[] {ownId, theirId, "nope"}) {
        lookup(
            new Lookup(
                "GET",
                ("/api/v1/uploads/" + id + "/download-url?" + query)
                    .getBytes(StandardCharsets.ISO_8859_1),
                appToken));
      }
    }
  }

  private static void lookup(Lookup lookup) throws Exception {
    RawHttp.Request request =
        RawHttp.request(lookup.method(), lookup.target()).bearer(lookup.token());
    RawHttp.Reply reply = http.send(request);
    record(reply);
    AnswerChecks.wellBehaved(reply);
    String what = lookup + " -> " + reply.status() + " " + reply.body();
    assertThat(reply.body())
        .as("another namespace's upload must stay hidden: " + what)
        .doesNotContain(theirId);
    if (reply.status() < 300) {
      // A success is a public endpoint (a path normalised to /healthz, say) or the caller's own
      // upload; never an upload without a valid token.
      JsonNode body = AnswerChecks.json(reply);
      if (body.has("id")) {
        assertThat(lookup.token()).as(what).isEqualTo(appToken);
        assertThat(body.get("id").asText()).as(what).isEqualTo(ownId);
      }
    }
  }

  @Provide
  Arbitrary<Lookup> lookups() {
    Arbitrary<String> ids =
        Arbitraries.frequencyOf(
            Tuple.of(
                3, HostileValues.text().map(t -> URLEncoder.encode(t, StandardCharsets.UTF_8))),
            Tuple.of(2, HostileValues.text().map(HostileHttpInputIT::pathSafe)),
            Tuple.of(3, Arbitraries.of(adversarialIds())),
            Tuple.of(1, Arbitraries.of(ownId, theirId)));
    Arbitrary<String> queries =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.of(adversarialQueries())),
            Tuple.of(
                2,
                Combinators.combine(
                        Arbitraries.of(
                            "expires_in", "response_content_type", "id", "expires_in[]", ""),
                        HostileValues.text())
                    .as((k, v) -> k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))),
            Tuple.of(1, Arbitraries.just("")));
    return Combinators.combine(
            ids,
            Arbitraries.of("", "/complete", "/download-url", "/download-url/", "/complete/x", "/"),
            queries,
            Arbitraries.integers().between(0, 19))
        .as(
            (id, suffix, query, dice) -> {
              String method =
                  suffix.startsWith("/complete")
                      ? "POST"
                      : dice == 0 ? "DELETE" : dice == 1 ? "PUT" : "GET";
              String token = dice == 2 ? null : dice == 3 ? "not-a-token" : appToken;
              String target =
                  "/api/v1/uploads/" + id + suffix + (query.isEmpty() ? "" : "?" + query);
              return new Lookup(method, target.getBytes(StandardCharsets.UTF_8), token);
            });
  }

  /** Raw text in a path, minus what would break the request line itself (space, CR, LF). */
  private static String pathSafe(String text) {
    return text.replace(" ", "%20")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace("?", "%3F")
        .replace("#", "%23");
  }

  private static String[] adversarialIds() {
    String upper = theirId.toUpperCase();
    return new String[] {
      "",
      ".",
      "..",
      "...",
      "%2e",
      "%2e%2e",
      "%2e%2e%2f",
      "%2e%2e%2fhealthz",
      "..%2f..%2f..%2fmetrics",
      "%2F",
      "%5c",
      "..\\..\\",
      "%00",
      ownId + "%00",
      theirId + "%00",
      theirId + "%20",
      "%20" + theirId,
      upper,
      theirId + "/",
      "%",
      "%%",
      "%zz",
      "%c0%ae%c0%ae%c0%af",
      "%e0%80%ae",
      "%ed%a0%80",
      "%ff",
      "%E2%80%AE" + theirId,
      "a".repeat(10_000),
      "*",
      "'",
      "%27%20OR%20%271%27%3D%271",
      "$%7Bjndi:ldap://x/a%7D",
      "%0d%0aX-Injected:%20yes",
      "uid=" + theirId,
      "metadata.uid",
      "..;/",
      ";",
      "%3B",
      "+",
      "~",
      "00000000-0000-0000-0000-000000000000",
      theirId.replace("-", ""),
      ownId.replace("-", ""),
      "\u00ff\u00fe",
      "\u0080",
      "a\tb",
    };
  }

  private static String[] adversarialQueries() {
    return new String[] {
      "expires_in=",
      "expires_in=0",
      "expires_in=-1",
      "expires_in=604801",
      "expires_in=1e3",
      "expires_in=NaN",
      "expires_in=Infinity",
      "expires_in=9223372036854775808",
      "expires_in=99999999999999999999",
      "expires_in=0x10",
      "expires_in=%2B1",
      "expires_in=+1",
      "expires_in=%201",
      "expires_in=1%00",
      "expires_in=%zz",
      "expires_in=%",
      "expires_in=1&expires_in=2",
      "expires_in[]=1",
      "expires_in=%C2%B9",
      "expires_in=%D9%A1",
      "expires_in=1.5",
      "response_content_type=text/html%0d%0aX-Injected:%20yes",
      "response_content_type=text/html%0aX:%20y",
      "response_content_type=%zz",
      "response_content_type=" + "a".repeat(300),
      "response_content_type=../..",
      "response_content_type=application/pdf;%20x=%22y%22",
      "response_content_type=%00",
      "response_content_type=",
      "response_content_type=text%2Fhtml",
      "response_content_type=%E2%80%AEtext/html",
      "%zz=1",
      "=",
      "&&&",
      "a=%",
      "expires_in=60&response_content_type=text/plain",
      "x=" + "y".repeat(10_000),
    };
  }

  private static void record(RawHttp.Reply reply) {
    tried.incrementAndGet();
    outcomes
        .computeIfAbsent(Integer.toString(reply.status()), k -> new AtomicInteger())
        .incrementAndGet();
  }
}
