package dev.presign.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.BucketConditions;
import dev.presign.api.v1alpha1.BucketCors;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import dev.presign.testing.S3ProxyServer;
import dev.presign.uploads.BucketConditionOutcome;
import dev.presign.uploads.BucketCorsSettings;
import dev.presign.uploads.MultipartLifecycleSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CORSRule;

/**
 * The bucket-configuration calls and checks against a real S3Proxy 4.1.0. S3Proxy implements no
 * bucket CORS or lifecycle API (it answers ?cors and ?lifecycle with 501 NotImplemented on every
 * blobstore); its CORS is one global setting (s3proxy.cors-* properties, here the builder's
 * corsRules), which answers preflights like S3. So this proves: the S3 calls and how their refusals
 * are classified, and the preflight check a class falls back to, against S3Proxy's real preflight
 * handling. Writing and merging rules is covered by the unit tables (S3Proxy cannot store rules).
 */
class BucketConfigS3ProxyIT {
  private static final String APP = "https://app.example.com";
  private static final String BUCKET = "uploads";
  private static final String SECRET = "canary-secret-41c9";

  private static S3Proxy withoutCors;
  private static S3Proxy appOnly;
  private static S3Proxy appWithoutEtag;
  private static S3Proxy allowAll;
  private static S3ClientCache clients;

  private static S3Proxy start(CrossOriginResourceSharing cors) throws Exception {
    S3Proxy.Builder builder =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3ProxyServer.ACCESS_KEY, SECRET);
    if (cors != null) {
      builder.corsRules(cors);
    }
    S3Proxy proxy = builder.build();
    proxy.start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(5);
    }
    clients.acquire(endpoint(proxy), credentials()).client().createBucket(b -> b.bucket(BUCKET));
    return proxy;
  }

  @BeforeAll
  static void startProxies() throws Exception {
    clients = new S3ClientCache(Duration.ofSeconds(5));
    withoutCors = start(null);
    // As an operator would configure it for one app: s3proxy.cors-allow-origins is a regex.
    appOnly =
        start(
            new CrossOriginResourceSharing(
                List.of("https://app\\.example\\.com"),
                List.of("POST", "PUT"),
                List.of("Content-Type", "If-None-Match"),
                List.of("ETag"),
                "false"));
    appWithoutEtag =
        start(
            new CrossOriginResourceSharing(
                List.of("https://app\\.example\\.com"),
                List.of("POST", "PUT"),
                List.of("Content-Type", "If-None-Match"),
                List.of(),
                "false"));
    // s3proxy.cors-allow-all=true
    allowAll = start(new CrossOriginResourceSharing());
  }

  @AfterAll
  static void stopProxies() throws Exception {
    for (S3Proxy proxy : new S3Proxy[] {withoutCors, appOnly, appWithoutEtag, allowAll}) {
      if (proxy != null) {
        proxy.stop();
      }
    }
    clients.close();
  }

  private static BucketEndpoint endpoint(S3Proxy proxy) {
    return BucketEndpoint.of(S3ProxyServer.REGION, "http://127.0.0.1:" + proxy.getPort(), null);
  }

  private static SigningCredentials credentials() {
    return SigningCredentials.permanent(S3ProxyServer.ACCESS_KEY, SECRET);
  }

  private static UploadClassSpec spec(List<String> origins) {
    UploadClassSpec spec = new UploadClassSpec();
    spec.setBucket(BUCKET);
    spec.setCors(origins == null ? null : new BucketCors(origins, null));
    spec.setAbortIncompleteMultipartUploadDays(7);
    return spec;
  }

  private static BucketConditionOutcome cors(S3Proxy proxy, List<String> origins) {
    return new BucketCorsSettings(
            new S3BucketConfigStore(clients), new HttpCorsPreflight(Duration.ofSeconds(5)))
        .reconcile("default", spec(origins), endpoint(proxy), credentials());
  }

  @Test
  void s3ProxyAnswersEveryBucketConfigurationCallNotImplemented() {
    S3BucketConfigStore store = new S3BucketConfigStore(clients);
    BucketEndpoint endpoint = endpoint(withoutCors);

    List<BucketConfigCall<?>> calls =
        List.of(
            store.getCors(endpoint, credentials(), BUCKET),
            store.putCors(
                endpoint,
                credentials(),
                BUCKET,
                List.of(CORSRule.builder().allowedOrigins("*").allowedMethods("PUT").build())),
            store.getLifecycle(endpoint, credentials(), BUCKET),
            store.putLifecycle(
                endpoint,
                credentials(),
                BUCKET,
                new BucketLifecycle(
                    List.of(
                        software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
                            .id("presign:default")
                            .status("Enabled")
                            .filter(f -> f.prefix("media/"))
                            .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7))
                            .build()),
                    null)));

    assertThat(calls)
        .allSatisfy(
            call -> {
              assertThat(call.outcome()).isEqualTo(BucketConfigCall.Outcome.UNSUPPORTED);
              assertThat(call.detail())
                  .contains("answered HTTP 501 NotImplemented")
                  .contains("http://127.0.0.1:" + withoutCors.getPort())
                  .doesNotContain(SECRET);
            });
    assertThat(calls.get(0).detail()).startsWith("GetBucketCors");
    assertThat(calls.get(3).detail()).startsWith("PutBucketLifecycleConfiguration");
  }

  @Test
  void withoutAnyCorsSettingThePreflightIsRefusedAndTheConditionSaysSo() {
    BucketConditionOutcome outcome = cors(withoutCors, List.of(APP));

    assertThat(outcome.status()).isEqualTo("False");
    assertThat(outcome.reason()).isEqualTo(BucketConditions.RULES_MISSING);
    assertThat(outcome.message())
        .contains(
            APP + " preflight for POST answered HTTP 403, preflight for PUT answered HTTP 403")
        .contains(
            "The store has no bucket CORS rules to read or write (GetBucketCors answered HTTP 501"
                + " NotImplemented")
        .contains("s3proxy.cors-*")
        .doesNotContain(SECRET);
  }

  @Test
  void theStoresOwnCorsSettingIsCheckedOriginByOrigin() {
    BucketConditionOutcome allowed = cors(appOnly, List.of(APP));
    BucketConditionOutcome oneRefused = cors(appOnly, List.of(APP, "https://other.example.com"));

    assertThat(allowed.status()).isEqualTo("True");
    assertThat(allowed.reason()).isEqualTo(BucketConditions.ALLOWED_BY_BUCKET_RULES);
    assertThat(allowed.message())
        .contains("from " + APP + " for POST and PUT were allowed, with ETag exposed");
    assertThat(oneRefused.status()).isEqualTo("False");
    assertThat(oneRefused.message())
        .contains("https://other.example.com preflight for POST answered HTTP 403")
        .doesNotContain(APP + " preflight");
  }

  @Test
  void aSettingThatExposesNoHeadersLeavesEtagUnknown() {
    // S3Proxy sends Access-Control-Expose-Headers only when it exposes something.
    BucketConditionOutcome outcome = cors(appWithoutEtag, List.of(APP));

    assertThat(outcome.status()).isEqualTo("True");
    assertThat(outcome.message()).contains("do not say whether ETag is exposed");
  }

  @Test
  void withoutSpecCorsNothingIsAskedOfBrowsersOriginsAndTheAnswerIsUnknown() {
    BucketConditionOutcome outcome = cors(appOnly, null);

    assertThat(outcome.status()).isEqualTo("Unknown");
    assertThat(outcome.reason()).isEqualTo(BucketConditions.UNSUPPORTED);
    assertThat(outcome.message()).startsWith("spec.cors is not set").contains("501 NotImplemented");
  }

  @Test
  void withoutSpecCorsAStoreThatAllowsEveryOriginIsRecognised() {
    BucketConditionOutcome outcome = cors(allowAll, null);

    assertThat(outcome.status()).isEqualTo("True");
    assertThat(outcome.reason()).isEqualTo(BucketConditions.ALLOWED_BY_BUCKET_RULES);
    assertThat(outcome.message())
        .startsWith("spec.cors is not set")
        .contains("the store allows CORS from any origin")
        .contains("for POST and PUT was allowed)");
  }

  @Test
  void theLifecycleRuleIsReportedUnsupported() {
    BucketConditionOutcome outcome =
        new MultipartLifecycleSettings(new S3BucketConfigStore(clients))
            .reconcile("default", spec(null), endpoint(withoutCors), credentials())
            .orElseThrow();

    assertThat(outcome.status()).isEqualTo("False");
    assertThat(outcome.reason()).isEqualTo(BucketConditions.UNSUPPORTED);
    assertThat(outcome.message())
        .contains("GetBucketLifecycleConfiguration answered HTTP 501 NotImplemented")
        .contains("abandoned multipart uploads stay");
  }
}
