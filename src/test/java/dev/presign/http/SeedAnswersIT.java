package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.testing.OperatorFixture;
import dev.presign.testing.S3ProxyServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the seed-compatible HTTP answers byte for byte: status code, every response header but
 * {@code content-length} (checked against the body instead) and the body exactly as sent (key
 * order, number vs string, quoting, escaping, whitespace), against the golden files in {@code
 * src/test/resources/golden/}.
 *
 * <p>A golden file is {@code HTTP/1.1 <status>}, the headers as {@code name: value} (lowercase
 * names, sorted), an empty line, then the body followed by one newline, which is not part of the
 * body. {@code {{var}}} in it stands for a value that differs between runs (uid, name, timestamps,
 * the S3Proxy port, the signed policy and its signature). None of these is read from the answer
 * under test: each is taken from the UploadRequest as the mock API server stores it (found as the
 * one request the call added), from the fixture (endpoint, access key, secret key), or computed
 * from those (file name and key from the uid, SigV4 dates from {@code issuedAt}, the policy from
 * its own golden template, the signature by HMAC with S3Proxy's secret). A value may only be
 * substituted if it needs no JSON escaping, so substitution cannot hide a change in escaping.
 *
 * <p>Answers after an upload completes (/complete, the download URL of an Uploaded upload, GET of
 * an Uploaded upload) are deliberately not pinned: they change on purpose.
 */
class SeedAnswersIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String REGION = "us-east-1";
  private static final String UPLOADS = "/api/v1/uploads/";
  private static final String SEED_BODY =
      "{\"original_file_name\": \"lorem-ipsum.pdf\", \"file_size\": \"77000\"}";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_0-9]+)}}");

  /** What may be substituted: nothing that JSON (or the policy writer) would escape. */
  private static final Pattern JSON_INERT = Pattern.compile("[A-Za-z0-9._:/+=-]*");

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern ISO_SECONDS_SHAPE =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

  /** HTTP/1.1, as the seed's clients speak it (the JDK's default would try an h2c upgrade). */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static OperatorFixture fixture;
  private static String appToken;
  private static String strangerToken;

  /** The seed call, made once: the GET, 404 and 409 cases use the upload it made. */
  private static Created seed;

  /** A raw HTTP answer: protocol, status, headers as received, body bytes as sent. */
  private record Answer(
      HttpClient.Version version, int status, Map<String, List<String>> headers, byte[] body) {}

  /** A request to the API; a null authorization or content type sends no such header. */
  private record Call(
      String method, String path, String authorization, String contentType, String body) {
    static Call post(String token, String body) {
      return new Call("POST", UPLOADS, bearer(token), "application/json", body);
    }

    static Call get(String path, String token) {
      return new Call("GET", path, bearer(token), null, null);
    }

    private static String bearer(String token) {
      return token == null ? null : "Bearer " + token;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    fixture = OperatorFixture.start();
    appToken = fixture.auth.serviceAccountToken(NS, "app");
    fixture.auth.allow(APP, "create", NS);
    fixture.auth.allow(APP, "get", NS);
    // No grant at all: neither create nor get.
    strangerToken = fixture.auth.serviceAccountToken(NS, "stranger");

    // The values below are derived assuming the example class as the fixture applies it.
    UploadClass uploadClass =
        fixture.client().resources(UploadClass.class).withName("default").get();
    assertThat(uploadClass.getSpec().getEndpoint()).isEqualTo(fixture.s3.endpoint());
    assertThat(uploadClass.getSpec().getRegion()).isEqualTo(REGION);
    assertThat(uploadClass.getSpec().getDefaultExpiresInSeconds()).isNull();

    seed = create("create-seed", SEED_BODY, "lorem-ipsum.pdf");
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  // ---- 201 and 200: the signed form, as the seed frontends read it ----

  @Test
  void createWithTheSeedBody() throws Exception {
    assertUpload("create-seed", seed.answer(), seed);
  }

  @Test
  void createWithANumericSizeAndTheOptionalFields() throws Exception {
    Created created =
        create(
            "create-numeric-size",
            "{\"original_file_name\": \"lorem-ipsum.pdf\", \"file_size\": 77000,"
                + " \"file_type\": \"application/octet-stream\", \"upload_to\": \"avatars/2024\"}",
            "lorem-ipsum.pdf");
    assertUpload("create-numeric-size", created.answer(), created);
  }

  /** Quotes and non-ASCII in an echoed string: how they are escaped is part of the answer. */
  @Test
  void createWithANameThatNeedsEscaping() throws Exception {
    Created created =
        create(
            "create-escaped-name",
            "{\"original_file_name\": \"Q3 \\\"final\\\" r\u00e9sum\u00e9.PDF\", \"file_size\": 12}",
            "q3-final-resume.pdf");
    assertUpload("create-escaped-name", created.answer(), created);
  }

  @Test
  void getOfAnIssuedUpload() throws Exception {
    Answer answer = call(Call.get(UPLOADS + seed.vars().get("uid"), appToken));
    assertUpload("get-issued", answer, seed);
  }

  // ---- errors ----

  static Stream<Arguments> errors() {
    String valid = "{\"original_file_name\": \"a.pdf\", \"file_size\": 1}";
    String unknownId = UPLOADS + "11111111-2222-3333-4444-555555555555";
    return Stream.of(
        Arguments.of("400-missing-original-file-name", Call.post(appToken, "{\"file_size\": 1}")),
        Arguments.of(
            "400-original-file-name-not-a-string",
            Call.post(appToken, "{\"original_file_name\": 7, \"file_size\": 1}")),
        Arguments.of(
            "400-missing-file-size", Call.post(appToken, "{\"original_file_name\": \"a.pdf\"}")),
        Arguments.of(
            "400-bad-file-size",
            Call.post(appToken, "{\"original_file_name\": \"a.pdf\", \"file_size\": \"-1\"}")),
        Arguments.of(
            "400-bad-file-size",
            Call.post(appToken, "{\"original_file_name\": \"a.pdf\", \"file_size\": 1.5}")),
        Arguments.of(
            "400-bad-file-type",
            Call.post(
                appToken,
                "{\"original_file_name\": \"a.pdf\", \"file_size\": 1,"
                    + " \"file_type\": \"text/html\\r\\nX: y\"}")),
        Arguments.of("400-not-an-object", Call.post(appToken, "[1, 2]")),
        Arguments.of("400-not-json", Call.post(appToken, "{")),
        Arguments.of(
            "400-repeated-key",
            Call.post(
                appToken,
                "{\"original_file_name\": \"a.pdf\", \"original_file_name\": \"b.pdf\","
                    + " \"file_size\": 1}")),
        // Refused by the operator's policy rather than by the body parser.
        Arguments.of(
            "400-upload-to-escapes",
            Call.post(
                appToken,
                "{\"original_file_name\": \"a.pdf\", \"file_size\": 1,"
                    + " \"upload_to\": \"../../etc\"}")),
        Arguments.of("401-no-token", Call.post(null, valid)),
        Arguments.of("401-invalid-token", Call.post("not-a-token", valid)),
        Arguments.of(
            "401-not-bearer",
            new Call("POST", UPLOADS, "Basic dXNlcjpwYXNz", "application/json", valid)),
        Arguments.of("401-get-no-token", Call.get(unknownId, null)),
        Arguments.of("403-no-rbac", Call.post(strangerToken, valid)),
        Arguments.of("404-unknown-id", Call.get(unknownId, appToken)),
        Arguments.of("404-unknown-id", Call.get(unknownId + "/download-url", appToken)),
        Arguments.of(
            "413-body-too-large",
            Call.post(
                appToken,
                "{\"original_file_name\": \"" + "a".repeat(20_000) + "\", \"file_size\": 1}")),
        Arguments.of(
            "415-form",
            new Call(
                "POST",
                UPLOADS,
                "Bearer " + appToken,
                "application/x-www-form-urlencoded",
                "original_file_name=a.pdf&file_size=1")),
        Arguments.of("415-form", new Call("POST", UPLOADS, "Bearer " + appToken, null, valid)),
        Arguments.of(
            "415-not-utf-8",
            new Call(
                "POST",
                UPLOADS,
                "Bearer " + appToken,
                "application/json; charset=iso-8859-1",
                valid)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void errorAnswers(String golden, Call call) throws Exception {
    assertGolden(golden, call(call), Map.of());
  }

  /** A caller without RBAC is told the upload does not exist, not that it is forbidden. */
  @Test
  void getWithoutRbacIs404() throws Exception {
    Answer answer = call(Call.get(UPLOADS + seed.vars().get("uid"), strangerToken));
    assertGolden("404-unknown-id", answer, Map.of());
  }

  @Test
  void downloadUrlBeforeUploadIs409() throws Exception {
    Answer answer = call(Call.get(UPLOADS + seed.vars().get("uid") + "/download-url", appToken));
    assertGolden("409-download-url-before-upload", answer, seed.vars());
  }

  // ---- creating an upload and deriving what its answer must hold ----

  /** An answer to a create, the values derived for it, and the policy it must carry. */
  private record Created(Answer answer, Map<String, String> vars, String policy) {}

  /**
   * POSTs {@code body} and derives every run-dependent value of the answer from the UploadRequest
   * the call added to the mock API server, never from the answer itself.
   */
  private static Created create(String goldenName, String body, String slug) throws Exception {
    Set<String> before = storedUids();
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Answer answer = call(Call.post(appToken, body));
    Instant end = Instant.now();
    List<UploadRequest> added =
        fixture.client().resources(UploadRequest.class).inNamespace(NS).list().getItems().stream()
            .filter(r -> !before.contains(r.getMetadata().getUid()))
            .toList();
    assertThat(added).as("UploadRequests the call added (answer: %s)", text(answer)).hasSize(1);
    UploadRequest stored = added.get(0);
    UploadRequestStatus status = stored.getStatus();
    assertThat(status).as("status of %s", stored.getMetadata().getName()).isNotNull();

    String uid = stored.getMetadata().getUid();
    String createdAt = stored.getMetadata().getCreationTimestamp();
    assertThat(createdAt).matches(ISO_SECONDS_SHAPE);
    assertThat(Instant.parse(createdAt)).isBetween(start, end);
    Instant issuedAt = Instant.parse(status.getIssuedAt());
    assertThat(issuedAt).isBetween(start, end);
    String expiresAt =
        ISO_SECONDS.format(issuedAt.plusSeconds(UploadClassSpec.DEFAULT_EXPIRES_IN_SECONDS));
    assertThat(status.getExpiresAt()).isEqualTo(expiresAt);

    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("uid", uid);
    vars.put("uid_hex", uid.replace("-", ""));
    vars.put("name", stored.getMetadata().getName());
    vars.put("created_at", createdAt);
    vars.put("expires_at", expiresAt);
    vars.put("amz_date", AMZ_DATE.format(issuedAt));
    vars.put("scope_date", AMZ_DATE.format(issuedAt).substring(0, 8));
    vars.put("access_key", S3ProxyServer.ACCESS_KEY);
    vars.put("s3_endpoint", fixture.s3.endpoint());
    assertThat(status.getFileName()).isEqualTo(vars.get("uid_hex") + "-" + slug);

    // The policy: its own golden template, rendered, then base64 as the form carries it; the
    // signature is SigV4's HMAC of that base64 text with S3Proxy's secret key.
    String policyTemplate = read(goldenName + ".policy.json");
    assertThat(policyTemplate).as("%s.policy.json is one line", goldenName).matches("[^\n]+\n");
    String policy = render(policyTemplate.substring(0, policyTemplate.length() - 1), vars);
    String policyBase64 =
        Base64.getEncoder().encodeToString(policy.getBytes(StandardCharsets.US_ASCII));
    vars.put("policy", policyBase64);
    vars.put("signature", signature(fixture.s3.secretKey(), vars.get("scope_date"), policyBase64));

    return new Created(answer, vars, policy);
  }

  /**
   * An answer carrying the signed form of {@code created}: first its policy decoded (only for a
   * readable diff when the policy alone moved, as two base64 texts tell nothing), then the golden
   * comparison of the whole answer, which includes the policy's base64 and the signature.
   */
  private static void assertUpload(String golden, Answer answer, Created created) throws Exception {
    JsonNode fields = policyFieldsOf(answer);
    if (fields != null && fields.hasNonNull("policy")) {
      String sent =
          new String(
              Base64.getDecoder().decode(fields.get("policy").asText()), StandardCharsets.UTF_8);
      assertThat(sent).as("%s: the signed policy, decoded", golden).isEqualTo(created.policy());
    }
    assertGolden(golden, answer, created.vars());
  }

  private static JsonNode policyFieldsOf(Answer answer) {
    try {
      JsonNode post = new ObjectMapper().readTree(answer.body()).get("presigned_post_data");
      return post == null ? null : post.get("fields");
    } catch (Exception e) {
      return null;
    }
  }

  private static Set<String> storedUids() {
    return fixture
        .client()
        .resources(UploadRequest.class)
        .inNamespace(NS)
        .list()
        .getItems()
        .stream()
        .map(r -> r.getMetadata().getUid())
        .collect(Collectors.toSet());
  }

  /** SigV4: HMAC chain AWS4+secret → date → region → s3 → aws4_request, over the policy. */
  private static String signature(String secret, String scopeDate, String policyBase64)
      throws Exception {
    byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
    for (String part : List.of(scopeDate, REGION, "s3", "aws4_request")) {
      key = hmac(key, part);
    }
    return HexFormat.of().formatHex(hmac(key, policyBase64));
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  // ---- HTTP and golden files ----

  private static Answer call(Call call) throws Exception {
    HttpRequest.BodyPublisher body =
        call.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(fixture.apiUrl() + call.path()))
            .timeout(Duration.ofSeconds(20))
            .method(call.method(), body);
    if (call.contentType() != null) {
      request.header("Content-Type", call.contentType());
    }
    if (call.authorization() != null) {
      request.header("Authorization", call.authorization());
    }
    HttpResponse<byte[]> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(
        response.version(), response.statusCode(), response.headers().map(), response.body());
  }

  /**
   * Compares the answer with the golden file: first as text (for a readable diff), then the body as
   * bytes.
   */
  private static void assertGolden(String golden, Answer answer, Map<String, String> vars)
      throws Exception {
    String template = read(golden + ".http");
    int split = template.indexOf("\n\n");
    assertThat(split).as("%s.http has an empty line after the headers", golden).isPositive();
    assertThat(template).as("%s.http ends with exactly one newline", golden).endsWith("\n");
    assertThat(template).as("%s.http ends with exactly one newline", golden).doesNotEndWith("\n\n");
    String head = template.substring(0, split);
    String expectedBody = render(template.substring(split + 2, template.length() - 1), vars);

    String actualBody = text(answer);
    assertThat(headOf(answer) + "\n\n" + actualBody)
        .as("%s: status, headers and body", golden)
        .isEqualTo(head + "\n\n" + expectedBody);
    assertThat(answer.body())
        .as("%s: body bytes", golden)
        .isEqualTo(expectedBody.getBytes(StandardCharsets.UTF_8));
    assertThat(answer.headers().get("content-length"))
        .as("%s: content-length", golden)
        .containsExactly(Integer.toString(answer.body().length));
  }

  /** {@code HTTP/1.1 <status>} and every header but content-length, lowercase and sorted. */
  private static String headOf(Answer answer) {
    List<String> lines = new ArrayList<>();
    lines.add(
        (answer.version() == HttpClient.Version.HTTP_1_1 ? "HTTP/1.1" : answer.version().name())
            + " "
            + answer.status());
    new TreeMap<>(answer.headers())
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(java.util.Locale.ROOT);
              if (!lower.startsWith(":") && !lower.equals("content-length")) {
                values.forEach(v -> lines.add(lower + ": " + v));
              }
            });
    return String.join("\n", lines);
  }

  /** The body as UTF-8, refusing malformed bytes rather than replacing them. */
  private static String text(Answer answer) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(answer.body()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("the body is not UTF-8", e);
    }
  }

  private static String read(String file) throws Exception {
    try (InputStream in = SeedAnswersIT.class.getResourceAsStream("/golden/" + file)) {
      assertThat(in).as("golden file %s", file).isNotNull();
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(in.readAllBytes()))
          .toString();
    }
  }

  /** Replaces each {@code {{var}}}; every one must be known and need no escaping. */
  private static String render(String template, Map<String, String> vars) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = vars.get(m.group(1));
      assertThat(value).as("value of {{%s}}", m.group(1)).isNotNull();
      assertThat(value).as("value of {{%s}} needs no escaping", m.group(1)).matches(JSON_INERT);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
