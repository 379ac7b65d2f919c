package dev.presign.uploads;

import dev.presign.api.v1alpha1.BucketConditions;
import dev.presign.api.v1alpha1.BucketCors;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.s3.BucketConfigCall;
import dev.presign.s3.BucketConfigStore;
import dev.presign.s3.CorsPreflight;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.CORSRule;

/**
 * Keeps a class's bucket open to its browsers: with spec.cors, reads the bucket's CORS rules,
 * merges the operator's rule in and writes them back when they differ; when it may not write (or
 * the store cannot), checks whether the rules that are there already do the job. Without spec.cors
 * it only checks whether any rule lets a browser upload. The answer is the CORSReady condition.
 *
 * <p>It never writes without a successful read first: S3 replaces a bucket's CORS rules whole, and
 * a blind write would delete rules the operator does not own.
 */
public final class BucketCorsSettings {
  static final String DOCS = "docs/bucket-cors.md";
  private static final int MAX_LISTED = 5;

  /** An origin no page has (.invalid is reserved by RFC 2606), for "does any origin pass?". */
  static final String PROBE_ORIGIN = "https://cors-check.presign.invalid";

  private final BucketConfigStore store;
  private final CorsOriginRules originRules;
  private final CorsRuleFactory factory;
  private final CorsRuleMerger merger;
  private final CorsCoverage coverage;
  private final PreflightCoverage preflights;

  public BucketCorsSettings(BucketConfigStore store, CorsPreflight preflight) {
    this(
        store,
        new CorsOriginRules(),
        new CorsRuleFactory(),
        new CorsRuleMerger(),
        new CorsCoverage(),
        new PreflightCoverage(preflight));
  }

  BucketCorsSettings(
      BucketConfigStore store,
      CorsOriginRules originRules,
      CorsRuleFactory factory,
      CorsRuleMerger merger,
      CorsCoverage coverage,
      PreflightCoverage preflights) {
    this.store = store;
    this.originRules = originRules;
    this.factory = factory;
    this.merger = merger;
    this.coverage = coverage;
    this.preflights = preflights;
  }

  public BucketConditionOutcome reconcile(
      String className,
      UploadClassSpec spec,
      BucketEndpoint endpoint,
      SigningCredentials credentials) {
    BucketCors cors = spec.getCors();
    if (cors != null) {
      Optional<String> problem = originRules.problem(cors);
      if (problem.isPresent()) {
        return BucketConditionOutcome.isFalse(BucketConditions.INVALID_SPEC, problem.get());
      }
    }
    String bucket = spec.getBucket();
    BucketConfigCall<List<CORSRule>> read = store.getCors(endpoint, credentials, bucket);
    List<CorsCoverage.Upload> uploads = uploadsOf(spec);
    if (!read.isOk()) {
      boolean askBrowsersWay =
          cors != null
              && (read.outcome() == BucketConfigCall.Outcome.ACCESS_DENIED
                  || read.outcome() == BucketConfigCall.Outcome.UNSUPPORTED);
      if (askBrowsersWay) {
        return byPreflight(endpoint, bucket, cors, uploads, read.detail(), unread(read, cors));
      }
      if (cors == null && read.outcome() != BucketConfigCall.Outcome.FAILED) {
        return anyOrigin(endpoint, bucket, uploads).orElseGet(() -> unread(read, null));
      }
      return unread(read, cors);
    }
    List<CORSRule> rules = read.value();
    if (cors == null) {
      BucketConditionOutcome checked = checkOnly(bucket, rules, uploads);
      // No rules at all, yet a store may allow CORS by a setting of its own (older MinIO answers
      // GetBucketCors with an empty configuration and allows every origin globally).
      return rules.isEmpty() ? anyOrigin(endpoint, bucket, uploads).orElse(checked) : checked;
    }
    OwnedRuleId id = OwnedRuleId.forClass(className);
    CORSRule ours = factory.ruleFor(id, cors);
    Optional<List<CORSRule>> merged = merger.merge(rules, ours);
    if (merged.isEmpty()) {
      return applied(id, bucket, cors);
    }
    BucketConfigCall<Void> write = store.putCors(endpoint, credentials, bucket, merged.get());
    if (write.isOk()) {
      // Read back: some stores take the write and keep nothing (MinIO's no-op PutBucketCors).
      BucketConfigCall<List<CORSRule>> check = store.getCors(endpoint, credentials, bucket);
      if (!check.isOk() || check.value().contains(ours)) {
        return applied(id, bucket, cors);
      }
      String detail =
          "PutBucketCors was answered OK but GetBucketCors does not show rule " + id.value();
      return byPreflight(
          endpoint,
          bucket,
          cors,
          uploads,
          detail,
          BucketConditionOutcome.unknown(BucketConditions.UNSUPPORTED, detail));
    }
    if (write.outcome() == BucketConfigCall.Outcome.UNSUPPORTED) {
      // The rules a store without the write reports are not the whole story: ask as a browser.
      return byPreflight(endpoint, bucket, cors, uploads, write.detail(), unread(write.as(), cors));
    }
    return checkExisting(bucket, rules, cors, uploads, write);
  }

  /**
   * Without spec.cors there is no origin to ask for; one no page has tells whether the store lets
   * every origin upload (S3Proxy's and MinIO's "allow all" settings). Empty when it does not, or
   * cannot be asked.
   */
  private Optional<BucketConditionOutcome> anyOrigin(
      BucketEndpoint endpoint, String bucket, List<CorsCoverage.Upload> uploads) {
    PreflightCoverage.Result result = preflights.check(endpoint, bucket, PROBE_ORIGIN, uploads);
    if (result.unreachable().isPresent() || !result.missing().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        BucketConditionOutcome.isTrue(
            BucketConditions.ALLOWED_BY_BUCKET_RULES,
            "spec.cors is not set; bucket "
                + bucket
                + " has no CORS rules the operator can read, but the store allows CORS from any"
                + " origin (a preflight from "
                + PROBE_ORIGIN
                + " for "
                + methods(uploads)
                + " was allowed"
                + (result.exposureUnknown() ? "; whether ETag is exposed is not shown)" : ")")));
  }

  /**
   * What a browser upload of this class sends: a POST form (a simple request, no header to allow)
   * unless the class signs PUT, and a PUT with its signed headers either way (PUT requests and
   * multipart parts).
   */
  static List<CorsCoverage.Upload> uploadsOf(UploadClassSpec spec) {
    List<CorsCoverage.Upload> uploads = new ArrayList<>();
    if (spec.effectiveMethod() == UploadMethod.POST) {
      uploads.add(new CorsCoverage.Upload("POST", List.of()));
    }
    uploads.add(
        new CorsCoverage.Upload(
            "PUT",
            spec.effectivePutIfNoneMatch()
                ? List.of("Content-Type", "If-None-Match")
                : List.of("Content-Type")));
    return uploads;
  }

  private static BucketConditionOutcome applied(OwnedRuleId id, String bucket, BucketCors cors) {
    return BucketConditionOutcome.isTrue(
        BucketConditions.APPLIED,
        "CORS rule "
            + id.value()
            + " on bucket "
            + bucket
            + " allows POST and PUT from "
            + listed(cors.getAllowedOrigins())
            + " and exposes ETag and Location");
  }

  private BucketConditionOutcome checkOnly(
      String bucket, List<CORSRule> rules, List<CorsCoverage.Upload> uploads) {
    String what = describe(uploads);
    if (rules.isEmpty()) {
      return BucketConditionOutcome.isFalse(
          BucketConditions.RULES_MISSING,
          "bucket "
              + bucket
              + " has no CORS rules: browsers cannot upload to it (servers can); set spec.cors,"
              + " or add a rule that allows "
              + what
              + " (see "
              + DOCS
              + ")");
    }
    List<String> allowed = coverage.originsAllowed(rules, uploads);
    if (allowed.isEmpty()) {
      return BucketConditionOutcome.isFalse(
          BucketConditions.RULES_MISSING,
          "no CORS rule of bucket "
              + bucket
              + " lets a browser make "
              + what
              + "; set spec.cors, or fix the rules (see "
              + DOCS
              + ")");
    }
    return BucketConditionOutcome.isTrue(
        BucketConditions.ALLOWED_BY_BUCKET_RULES,
        "spec.cors is not set; the CORS rules of bucket "
            + bucket
            + " let pages on "
            + listed(allowed)
            + " make "
            + what);
  }

  private BucketConditionOutcome checkExisting(
      String bucket,
      List<CORSRule> rules,
      BucketCors cors,
      List<CorsCoverage.Upload> uploads,
      BucketConfigCall<Void> write) {
    String why =
        switch (write.outcome()) {
          case ACCESS_DENIED ->
              "the class's credentials may not write the bucket's CORS rules (allow"
                  + " s3:PutBucketCORS to let the operator keep its rule)";
          case UNSUPPORTED -> "the store does not take bucket CORS rules";
          default -> "the operator could not write its CORS rule";
        };
    List<String> problems = new ArrayList<>();
    for (String origin : cors.getAllowedOrigins()) {
      List<String> missing = coverage.missing(rules, origin, uploads);
      if (!missing.isEmpty()) {
        problems.add(origin + " " + String.join(", ", missing));
      }
    }
    if (problems.isEmpty()) {
      return BucketConditionOutcome.isTrue(
          BucketConditions.ALLOWED_BY_BUCKET_RULES,
          why
              + " ("
              + write.detail()
              + "), and the rules of bucket "
              + bucket
              + " already let "
              + listed(cors.getAllowedOrigins())
              + " make "
              + describe(uploads));
    }
    String listedProblems =
        String.join("; ", problems.subList(0, Math.min(MAX_LISTED, problems.size())))
            + (problems.size() > MAX_LISTED
                ? "; and " + (problems.size() - MAX_LISTED) + " more origins"
                : "");
    return new BucketConditionOutcome(
        write.outcome() == BucketConfigCall.Outcome.FAILED
            ? ConditionTypes.STATUS_UNKNOWN
            : ConditionTypes.STATUS_FALSE,
        write.outcome() == BucketConfigCall.Outcome.FAILED
            ? BucketConditions.CHECK_FAILED
            : BucketConditions.RULES_MISSING,
        "the CORS rules of bucket "
            + bucket
            + " do not let browsers upload: "
            + listedProblems
            + ". "
            + capitalized(why)
            + " ("
            + write.detail()
            + "); add the rule of "
            + DOCS
            + " by hand");
  }

  /**
   * The rules cannot be read: ask the bucket as a browser would, with one preflight per origin and
   * kind of upload. {@code unread} is what is said when even that cannot be asked.
   */
  private BucketConditionOutcome byPreflight(
      BucketEndpoint endpoint,
      String bucket,
      BucketCors cors,
      List<CorsCoverage.Upload> uploads,
      String detail,
      BucketConditionOutcome unread) {
    List<String> problems = new ArrayList<>();
    boolean exposureUnknown = false;
    for (String origin : cors.getAllowedOrigins()) {
      PreflightCoverage.Result result = preflights.check(endpoint, bucket, origin, uploads);
      if (result.unreachable().isPresent()) {
        return new BucketConditionOutcome(
            unread.status(),
            unread.reason(),
            unread.message() + "; a CORS preflight failed too: " + result.unreachable().get());
      }
      exposureUnknown |= result.exposureUnknown();
      if (!result.missing().isEmpty()) {
        problems.add(origin + " " + String.join(", ", result.missing()));
      }
    }
    String why =
        unread.reason().equals(BucketConditions.UNSUPPORTED)
            ? "the store has no bucket CORS rules to read or write (" + detail + ")"
            : "the class's credentials may not read the bucket's CORS rules ("
                + detail
                + "; allow s3:GetBucketCORS and s3:PutBucketCORS to let the operator keep its"
                + " rule)";
    if (problems.isEmpty()) {
      return BucketConditionOutcome.isTrue(
          BucketConditions.ALLOWED_BY_BUCKET_RULES,
          why
              + "; CORS preflights to bucket "
              + bucket
              + " from "
              + listed(cors.getAllowedOrigins())
              + " for "
              + methods(uploads)
              + " were allowed"
              + (exposureUnknown
                  ? " (the store's preflight answers do not say whether ETag is exposed: check"
                      + " it with "
                      + DOCS
                      + ")"
                  : ", with ETag exposed"));
    }
    return BucketConditionOutcome.isFalse(
        BucketConditions.RULES_MISSING,
        "CORS preflights to bucket "
            + bucket
            + " show that browsers cannot upload: "
            + String.join("; ", problems.subList(0, Math.min(MAX_LISTED, problems.size())))
            + (problems.size() > MAX_LISTED
                ? "; and " + (problems.size() - MAX_LISTED) + " more origins"
                : "")
            + ". "
            + capitalized(why)
            + ": "
            + (unread.reason().equals(BucketConditions.UNSUPPORTED)
                ? "set CORS in the store's own configuration (S3Proxy: s3proxy.cors-* properties;"
                    + " MinIO without bucket CORS: MINIO_API_CORS_ALLOW_ORIGIN)"
                : "add the rule of " + DOCS + " by hand"));
  }

  private static String methods(List<CorsCoverage.Upload> uploads) {
    return String.join(" and ", uploads.stream().map(CorsCoverage.Upload::method).toList());
  }

  private static BucketConditionOutcome unread(BucketConfigCall<?> read, BucketCors cors) {
    String unset = cors == null ? "spec.cors is not set and " : "";
    return switch (read.outcome()) {
      case ACCESS_DENIED ->
          BucketConditionOutcome.unknown(
              BucketConditions.ACCESS_DENIED,
              unset
                  + "the class's credentials may not read the bucket's CORS rules ("
                  + read.detail()
                  + ")"
                  + (cors == null
                      ? "; allow s3:GetBucketCORS to have them checked"
                      : "; the operator writes its rule only beside the rules it has read, so it"
                          + " wrote nothing: allow s3:GetBucketCORS and s3:PutBucketCORS, or add"
                          + " the rule of "
                          + DOCS
                          + " by hand"));
      case UNSUPPORTED ->
          BucketConditionOutcome.unknown(
              BucketConditions.UNSUPPORTED,
              unset
                  + "the store has no bucket CORS rules ("
                  + read.detail()
                  + "); set CORS in the store's own configuration (S3Proxy: s3proxy.cors-*"
                  + " properties; MinIO without bucket CORS: MINIO_API_CORS_ALLOW_ORIGIN) to allow"
                  + " POST and PUT"
                  + (cors == null ? "" : " from " + listed(cors.getAllowedOrigins()))
                  + " and expose ETag (see "
                  + DOCS
                  + ")");
      default ->
          BucketConditionOutcome.unknown(BucketConditions.CHECK_FAILED, unset + read.detail());
    };
  }

  private static String describe(List<CorsCoverage.Upload> uploads) {
    List<String> parts = new ArrayList<>();
    for (CorsCoverage.Upload upload : uploads) {
      parts.add(
          upload.method()
              + (upload.headers().isEmpty() ? "" : " with " + String.join(", ", upload.headers())));
    }
    return String.join(" and ", parts) + " uploads with ETag exposed";
  }

  private static String listed(List<String> values) {
    return values.size() <= MAX_LISTED
        ? String.join(", ", values)
        : String.join(", ", values.subList(0, MAX_LISTED))
            + " and "
            + (values.size() - MAX_LISTED)
            + " more";
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
