package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.fields.FieldLimits;
import dev.presign.signing.PostPolicyRequest;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Condition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * UploadRequests created straight into the mock cluster, which does not apply the CRD schema, as an
 * old cluster, a broken admission chain or a hand-edited object might: negative and huge sizes,
 * control characters and 10,000-character names, traversal folders, junk metadata and checksums,
 * expiries out of range, no spec at all. Each must end Issued with a key under the prefix, or
 * Failed with a condition naming the spec field to fix; never stay Pending, never break the
 * operator, never make the HTTP API fail when it is read back.
 */
class HostileSpecIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":reader";
  private static final Pattern FIELD_PREFIX =
      Pattern.compile(
          "^(spec|spec\\.(originalFileName|fileSize|contentType|uploadTo|uploadClassName|expiresInSeconds|method|metadata|checksumSHA256)|metadata\\.namespace): .*",
          Pattern.DOTALL);
  private static final Pattern CHECKSUM = Pattern.compile("[A-Za-z0-9+/]{43}=");
  private static final Pattern SIMPLE_MEDIA_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+-]+");

  private static OperatorFixture fixture;
  private static RawHttp http;
  private static String token;
  private static LogCapture logs;
  private static final AtomicInteger tried = new AtomicInteger();
  private static final AtomicInteger issued = new AtomicInteger();
  private static final AtomicInteger failed = new AtomicInteger();
  private static final AtomicInteger counter = new AtomicInteger();
  private static long startedAt;

  @BeforeContainer
  static void start() throws Exception {
    startedAt = System.nanoTime();
    // Each try reads its 150 uploads back over HTTP at once, from one namespace: over the default
    // rate (50/s, burst 100), a pattern of this test, not of a real app. Its subject is specs;
    // the limits have AbuseLimitsIT. (With the default rate and a client that waits out each 429,
    // it took 38 s instead of 17 s on a loaded machine.)
    fixture =
        OperatorFixture.startWithSettings(
            java.util.Map.of("PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE", "0"));
    http = new RawHttp(fixture.apiUrl());
    token = fixture.auth.serviceAccountToken(NS, "reader");
    fixture.auth.allow(APP, "get", NS);
    fixture.auth.allow(APP, "create", NS);
    // A class with allow-lists, so that hostile folders and types also meet the policy checks.
    var strict = fixture.exampleClass();
    strict.getMetadata().setName("strict");
    strict.getMetadata().setAnnotations(null);
    strict.getSpec().setAllowedUploadTo(List.of("avatars"));
    strict.getSpec().setAllowedContentTypes(List.of("image/*", "application/pdf"));
    strict.getSpec().setMaxFileSize(new io.fabric8.kubernetes.api.model.Quantity("1Mi"));
    fixture.client().resource(strict).create();
    Await.until(
        "class strict Ready",
        Duration.ofSeconds(10),
        () ->
            fixture
                .client()
                .resources(dev.presign.api.v1alpha1.UploadClass.class)
                .withName("strict")
                .get(),
        c ->
            c.getStatus() != null
                && c.getStatus()
                    .findCondition("Ready")
                    .map(r -> "True".equals(r.getStatus()))
                    .orElse(false));
    logs = LogCapture.start();
  }

  @AfterContainer
  static void stop() throws Exception {
    try {
      if (logs != null) {
        logs.close();
      }
      System.out.printf(
          "HostileSpecIT: %d hostile UploadRequest specs tried in %.1f s (%d Issued, %d Failed)%n",
          tried.get(), (System.nanoTime() - startedAt) / 1e9, issued.get(), failed.get());
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  /** A spec, or none at all, and the spec field the operator must name, when one is certain. */
  record SpecCase(UploadRequestSpec spec, String firstInvalidField) {
    @Override
    public String toString() {
      if (spec == null) {
        return "SpecCase[no spec]";
      }
      String name = spec.getOriginalFileName();
      return "SpecCase[name="
          + (name == null
              ? null
              : name.length() > 80 ? name.substring(0, 80) + "…(" + name.length() + ")" : name)
          + ", size="
          + spec.getFileSize()
          + ", type="
          + spec.getContentType()
          + ", uploadTo="
          + spec.getUploadTo()
          + ", class="
          + spec.getUploadClassName()
          + ", expires="
          + spec.getExpiresInSeconds()
          + ", method="
          + spec.getMethod()
          + ", metadata="
          + (spec.getMetadata() == null ? null : spec.getMetadata().size() + " entries")
          + ", checksum="
          + spec.getChecksumSHA256()
          + ", expect="
          + firstInvalidField
          + "]";
    }
  }

  @Property(tries = 3, shrinking = ShrinkingMode.OFF, seed = "20240611")
  void everyRequestEndsIssuedUnderThePrefixOrFailedNamingItsField(
      @ForAll @Size(min = 150, max = 150) List<@net.jqwik.api.From("cases") SpecCase> cases)
      throws Exception {
    List<SpecCase> all = new ArrayList<>(cases);
    if (tried.get() == 0) {
      all.add(new SpecCase(null, "spec"));
    }
    Map<String, SpecCase> byName = new LinkedHashMap<>();
    for (SpecCase c : all) {
      byName.put("hostile-" + counter.incrementAndGet(), c);
    }
    parallel(
        byName.entrySet(),
        entry -> {
          UploadRequest request = new UploadRequest();
          request.getMetadata().setName(entry.getKey());
          request.getMetadata().setNamespace(NS);
          request.setSpec(entry.getValue().spec());
          fixture.client().resource(request).create();
        });
    tried.addAndGet(byName.size());
    Failures failures = new Failures();
    Map<String, UploadRequest> settled = awaitSettled(byName.keySet());
    parallel(
        byName.entrySet(),
        entry -> {
          UploadRequest request = settled.get(entry.getKey());
          SpecCase c = entry.getValue();
          failures.check(() -> checkOutcome(request, c));
          failures.check(() -> checkReadableOverHttp(request, c));
        });
    for (io.fabric8.kubernetes.api.model.Event event :
        fixture.client().v1().events().inNamespace(NS).list().getItems()) {
      failures.check(() -> AnswerChecks.readable(event.getMessage(), "Event " + event.getReason()));
    }
    failures.assertNone();
    assertThat(logs.warningsAndErrors())
        .as("warnings or errors logged while reconciling hostile specs")
        .filteredOn(e -> !e.logger().startsWith("net.jqwik"))
        .isEmpty();
    stillReconciles();
  }

  interface Work<T> {
    void run(T item) throws Exception;
  }

  /** Runs {@code work} for every item on a few threads, as many clients of one cluster would. */
  private static <T> void parallel(java.util.Collection<T> items, Work<T> work) throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(
            pool.submit(
                () -> {
                  work.run(item);
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> future : futures) {
        try {
          future.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          throw new AssertionError(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<String, UploadRequest> awaitSettled(java.util.Set<String> names) {
    Map<String, UploadRequest> seen = new HashMap<>();
    Await.until(
        names.size() + " hostile requests to leave Pending",
        Duration.ofSeconds(20),
        () -> {
          for (UploadRequest r :
              fixture.client().resources(UploadRequest.class).inNamespace(NS).list().getItems()) {
            if (names.contains(r.getMetadata().getName())) {
              seen.put(r.getMetadata().getName(), r);
            }
          }
          List<String> pending =
              names.stream()
                  .filter(
                      n ->
                          seen.get(n) == null
                              || seen.get(n).getStatus() == null
                              || seen.get(n).getStatus().getPhase() == null
                              || seen.get(n).getStatus().getPhase() == Phase.PENDING)
                  .toList();
          return pending;
        },
        List::isEmpty);
    return seen;
  }

  private static void checkOutcome(UploadRequest request, SpecCase c) {
    String what = c + " -> " + request.getStatus();
    Phase phase = request.getStatus().getPhase();
    // Expired: issued with a lifetime of a second or two, and already over.
    assertThat(phase).as(what).isIn(Phase.ISSUED, Phase.EXPIRED, Phase.FAILED);
    if (phase != Phase.FAILED) {
      issued.incrementAndGet();
      assertThat(c.firstInvalidField()).as("issued although invalid: " + what).isNull();
      var status = request.getStatus();
      AnswerChecks.safeKey(status.getKey(), "media/", what);
      if (phase == Phase.EXPIRED) {
        // Its job is done: the form left the status.
        assertThat(status.getPresignedPost()).as(what).isNull();
        assertThat(status.getPresignedPut()).as(what).isNull();
      } else if (status.getPresignedPost() != null) {
        assertThat(status.getPresignedPost().getFields().get("key"))
            .as(what)
            .isEqualTo(status.getKey());
        status
            .getPresignedPost()
            .getFields()
            .forEach(
                (k, v) ->
                    assertThat(k + "=" + v).as(what).doesNotContain("\r").doesNotContain("\n"));
      } else {
        assertThat(status.getPresignedPut()).as(what).isNotNull();
        assertThat(status.getPresignedPut().getUrl()).as(what).doesNotContain("..");
      }
      Instant issuedAt = Instant.parse(status.getIssuedAt());
      Instant expiresAt = Instant.parse(status.getExpiresAt());
      assertThat(expiresAt)
          .as(what)
          .isAfter(issuedAt)
          .isBeforeOrEqualTo(issuedAt.plus(Duration.ofDays(7)));
      return;
    }
    failed.incrementAndGet();
    for (Condition condition : request.getStatus().getConditions()) {
      AnswerChecks.readable(condition.getMessage(), what);
    }
    Optional<Condition> detail =
        request.getStatus().getConditions().stream()
            .filter(k -> k.getType().equals("Failed") || k.getType().equals("Denied"))
            .findFirst();
    assertThat(detail).as(what).isPresent();
    String message = detail.get().getMessage();
    assertThat(message).as(what).matches(FIELD_PREFIX);
    if (c.firstInvalidField() != null) {
      assertThat(message).as(what).startsWith(c.firstInvalidField() + ": ");
    }
  }

  /** The API serves every recorded request, whatever its spec: never a 5xx. */
  private static void checkReadableOverHttp(UploadRequest request, SpecCase c) throws Exception {
    RawHttp.Reply reply =
        http.send(
            RawHttp.request("GET", "/api/v1/uploads/" + request.getMetadata().getUid())
                .bearer(token));
    AnswerChecks.wellBehaved(reply);
    assertThat(reply.status()).as(c + " -> " + reply.body()).isEqualTo(200);
  }

  /** After all that, a plain request is still signed, by the operator and over the API. */
  private static void stillReconciles() throws Exception {
    String name = "after-" + counter.incrementAndGet();
    fixture.create(name, new UploadRequestSpec("after.pdf", 10));
    UploadRequest done = fixture.awaitPhase(name, Phase.ISSUED);
    assertThat(done.getStatus().getKey()).startsWith("media/uploads/");
    RawHttp.Reply reply =
        http.send(
            RawHttp.request("POST", "/api/v1/uploads/")
                .bearer(token)
                .header("Content-Type", "application/json")
                .body("{\"original_file_name\": \"after.pdf\", \"file_size\": 10}"));
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
  }

  @Provide
  Arbitrary<SpecCase> cases() {
    Arbitrary<String> names =
        Arbitraries.frequencyOf(
            Tuple.of(
                6, HostileValues.text().map(t -> t.replace(HostileValues.INVALID_UTF8, "\ufffd"))),
            Tuple.of(
                1,
                Arbitraries.of(
                    "",
                    "a.pdf",
                    "x".repeat(4096),
                    "x".repeat(4097),
                    "\u0000".repeat(50),
                    "\u202e".repeat(10_000))));
    Arbitrary<Long> sizes =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of(1L, 77_000L, PostPolicyRequest.MAX_POST_SIZE)),
            Tuple.of(
                1,
                Arbitraries.of(
                    Long.MIN_VALUE, -1L, 0L, FieldLimits.MAX_OBJECT_BYTES + 1, Long.MAX_VALUE)));
    Arbitrary<String> types =
        Arbitraries.oneOf(
            Arbitraries.of(
                "",
                " ",
                "application/pdf",
                "text/html",
                "image/png; q=\"1\"",
                "text/html\r\nX-Injected: yes",
                "a/" + "b".repeat(300),
                "application/\u202epdf"),
            HostileValues.text());
    Arbitrary<String> folders =
        Arbitraries.oneOf(
            Arbitraries.of(
                "",
                " ",
                "uploads",
                "../",
                "..",
                "uploads/../..",
                "/etc",
                "a\\b",
                "%2e%2e%2f",
                "\u0000",
                "a".repeat(257),
                "a/".repeat(200),
                "ok/./x"),
            HostileValues.text());
    Arbitrary<String> classes =
        Arbitraries.frequencyOf(
            Tuple.of(
                4,
                Arbitraries.of(
                    "default",
                    "strict",
                    "DEFAULT",
                    "../default",
                    "",
                    " ",
                    "no-such-class",
                    "d".repeat(300),
                    "default\u0000")),
            Tuple.of(1, HostileValues.text()));
    Arbitrary<Integer> expiries =
        Arbitraries.of(Integer.MIN_VALUE, -1, 0, 1, 60, 604_800, 604_801, Integer.MAX_VALUE);
    Arbitrary<String> checksums =
        Arbitraries.of(
            "",
            "abc",
            "=".repeat(44),
            "A".repeat(43) + "=",
            "A".repeat(44),
            "A".repeat(43) + "=\n",
            "../" + "A".repeat(40) + "=");
    Arbitrary<Map<String, String>> metadata =
        Arbitraries.maps(
                Arbitraries.oneOf(
                    HostileValues.text(),
                    Arbitraries.of("a", "Content-Type", "A", "x-amz-meta-a", "k".repeat(200), "")),
                Arbitraries.oneOf(
                    HostileValues.text(), Arbitraries.of("plain", "v".repeat(10_000), "")))
            .ofMinSize(0)
            .ofMaxSize(40);
    return Combinators.combine(
            names.injectNull(0.05),
            sizes.injectNull(0.05),
            types.injectNull(0.75),
            folders.injectNull(0.65),
            classes.injectNull(0.9),
            expiries.injectNull(0.7),
            Arbitraries.of(UploadMethod.POST, UploadMethod.PUT).injectNull(0.7),
            Combinators.combine(metadata.injectNull(0.8), checksums.injectNull(0.9)).as(Tuple::of))
        .as(
            (name, size, type, folder, uploadClass, expires, method, rest) -> {
              UploadRequestSpec spec = new UploadRequestSpec();
              spec.setOriginalFileName(name);
              spec.setFileSize(size);
              spec.setContentType(type);
              spec.setUploadTo(folder);
              spec.setUploadClassName(uploadClass);
              spec.setExpiresInSeconds(expires);
              spec.setMethod(method);
              spec.setMetadata(rest.get1());
              spec.setChecksumSHA256(rest.get2());
              return new SpecCase(spec, firstInvalidField(spec));
            });
  }

  /**
   * The field a request must be refused for, when certain: the checks that need no class, in the
   * order the operator makes them. Null when the spec may be fine or its fault depends on naming.
   */
  private static String firstInvalidField(UploadRequestSpec spec) {
    String name = spec.getOriginalFileName();
    if (name == null || name.isEmpty() || name.length() > 4096) {
      return "spec.originalFileName";
    }
    Long size = spec.getFileSize();
    if (size == null || size < 1 || size > FieldLimits.MAX_OBJECT_BYTES) {
      return "spec.fileSize";
    }
    Integer expires = spec.getExpiresInSeconds();
    if (expires != null && (expires < 1 || expires > 604_800)) {
      return "spec.expiresInSeconds";
    }
    String type = spec.getContentType();
    if (type != null && !type.isBlank()) {
      String trimmed = type.trim();
      if (!trimmed.contains("/") || trimmed.length() > 255 || !isVisibleAscii(trimmed)) {
        return "spec.contentType";
      }
      if (!SIMPLE_MEDIA_TYPE.matcher(trimmed).matches()) {
        return null; // may or may not be a media type: what comes next is not certain
      }
    }
    String checksum = spec.getChecksumSHA256();
    if (checksum != null && !CHECKSUM.matcher(checksum).matches()) {
      return "spec.checksumSHA256";
    }
    return null;
  }

  private static boolean isVisibleAscii(String text) {
    return StandardCharsets.US_ASCII.newEncoder().canEncode(text)
        && text.chars().allMatch(ch -> ch >= ' ' && ch <= '~');
  }
}
