package dev.presign.uploads;

import dev.presign.s3.BucketConfigCall;
import dev.presign.s3.BucketConfigStore;
import dev.presign.s3.BucketLifecycle;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.CORSRule;

/**
 * A bucket's CORS and lifecycle configuration in memory, whose calls can be made to answer as a
 * store that refuses or lacks them does. Records the writes.
 */
final class TestingBucketConfigStore implements BucketConfigStore {
  enum Call {
    GET_CORS,
    PUT_CORS,
    GET_LIFECYCLE,
    PUT_LIFECYCLE
  }

  List<CORSRule> cors = List.of();
  BucketLifecycle lifecycle = BucketLifecycle.empty();
  final List<Call> writes = new ArrayList<>();

  /** Answers PutBucketCors OK and keeps nothing, as MinIO's no-op handler does. */
  boolean forgetsCors;

  private final Map<Call, BucketConfigCall.Outcome> failures = new EnumMap<>(Call.class);

  TestingBucketConfigStore failing(Call call, BucketConfigCall.Outcome outcome) {
    failures.put(call, outcome);
    return this;
  }

  private <T> BucketConfigCall<T> answer(Call call, java.util.function.Supplier<T> ok) {
    BucketConfigCall.Outcome outcome = failures.get(call);
    if (outcome != null) {
      return BucketConfigCall.failed(
          outcome, call + " answered " + outcome + " at http://127.0.0.1:9");
    }
    return BucketConfigCall.ok(ok.get());
  }

  @Override
  public BucketConfigCall<List<CORSRule>> getCors(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket) {
    return answer(Call.GET_CORS, () -> cors);
  }

  @Override
  public BucketConfigCall<Void> putCors(
      BucketEndpoint endpoint,
      SigningCredentials credentials,
      String bucket,
      List<CORSRule> rules) {
    return answer(
        Call.PUT_CORS,
        () -> {
          writes.add(Call.PUT_CORS);
          if (!forgetsCors) {
            cors = List.copyOf(rules);
          }
          return null;
        });
  }

  @Override
  public BucketConfigCall<BucketLifecycle> getLifecycle(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket) {
    return answer(Call.GET_LIFECYCLE, () -> lifecycle);
  }

  @Override
  public BucketConfigCall<Void> putLifecycle(
      BucketEndpoint endpoint,
      SigningCredentials credentials,
      String bucket,
      BucketLifecycle next) {
    return answer(
        Call.PUT_LIFECYCLE,
        () -> {
          writes.add(Call.PUT_LIFECYCLE);
          lifecycle = next;
          return null;
        });
  }
}
