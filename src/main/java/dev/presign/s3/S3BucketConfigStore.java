package dev.presign.s3;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link BucketConfigStore} over the S3 API, with the class's credentials. */
public final class S3BucketConfigStore implements BucketConfigStore {
  private final S3ClientCache clients;

  public S3BucketConfigStore(S3ClientCache clients) {
    this.clients = clients;
  }

  @Override
  public BucketConfigCall<List<CORSRule>> getCors(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket) {
    try (S3ClientCache.Lease lease = clients.acquire(endpoint, credentials)) {
      return BucketConfigCall.ok(
          List.copyOf(lease.client().getBucketCors(b -> b.bucket(bucket)).corsRules()));
    } catch (S3Exception e) {
      if ("NoSuchCORSConfiguration".equals(errorCode(e))) {
        return BucketConfigCall.ok(List.of());
      }
      return failure("GetBucketCors", endpoint, e);
    } catch (SdkClientException e) {
      return unreachable(endpoint, e);
    }
  }

  @Override
  public BucketConfigCall<Void> putCors(
      BucketEndpoint endpoint,
      SigningCredentials credentials,
      String bucket,
      List<CORSRule> rules) {
    try (S3ClientCache.Lease lease = clients.acquire(endpoint, credentials)) {
      if (rules.isEmpty()) {
        lease.client().deleteBucketCors(b -> b.bucket(bucket));
      } else {
        lease
            .client()
            .putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(rules)));
      }
      return BucketConfigCall.ok(null);
    } catch (S3Exception e) {
      return failure("PutBucketCors", endpoint, e);
    } catch (SdkClientException e) {
      return unreachable(endpoint, e);
    }
  }

  @Override
  public BucketConfigCall<BucketLifecycle> getLifecycle(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket) {
    try (S3ClientCache.Lease lease = clients.acquire(endpoint, credentials)) {
      GetBucketLifecycleConfigurationResponse answer =
          lease.client().getBucketLifecycleConfiguration(b -> b.bucket(bucket));
      return BucketConfigCall.ok(
          new BucketLifecycle(answer.rules(), answer.transitionDefaultMinimumObjectSize()));
    } catch (S3Exception e) {
      if ("NoSuchLifecycleConfiguration".equals(errorCode(e))) {
        return BucketConfigCall.ok(BucketLifecycle.empty());
      }
      return failure("GetBucketLifecycleConfiguration", endpoint, e);
    } catch (SdkClientException e) {
      return unreachable(endpoint, e);
    }
  }

  @Override
  public BucketConfigCall<Void> putLifecycle(
      BucketEndpoint endpoint,
      SigningCredentials credentials,
      String bucket,
      BucketLifecycle lifecycle) {
    try (S3ClientCache.Lease lease = clients.acquire(endpoint, credentials)) {
      if (lifecycle.rules().isEmpty()) {
        lease.client().deleteBucketLifecycle(b -> b.bucket(bucket));
      } else {
        lease
            .client()
            .putBucketLifecycleConfiguration(
                b ->
                    b.bucket(bucket)
                        .lifecycleConfiguration(c -> c.rules(lifecycle.rules()))
                        .transitionDefaultMinimumObjectSize(
                            lifecycle.transitionDefaultMinimumObjectSize()));
      }
      return BucketConfigCall.ok(null);
    } catch (S3Exception e) {
      return failure("PutBucketLifecycleConfiguration", endpoint, e);
    } catch (SdkClientException e) {
      return unreachable(endpoint, e);
    }
  }

  private static <T> BucketConfigCall<T> failure(
      String call, BucketEndpoint endpoint, S3Exception e) {
    String code = errorCode(e);
    BucketConfigCall.Outcome outcome;
    if (e.statusCode() == 403 || "AccessDenied".equals(code)) {
      outcome = BucketConfigCall.Outcome.ACCESS_DENIED;
    } else if (e.statusCode() == 501
        || e.statusCode() == 405
        || "NotImplemented".equals(code)
        || "MethodNotAllowed".equals(code)) {
      outcome = BucketConfigCall.Outcome.UNSUPPORTED;
    } else {
      outcome = BucketConfigCall.Outcome.FAILED;
    }
    String message =
        e.awsErrorDetails() == null ? null : firstLine(e.awsErrorDetails().errorMessage());
    return BucketConfigCall.failed(
        outcome,
        call
            + " answered HTTP "
            + e.statusCode()
            + (code == null ? "" : " " + code)
            + (message == null || message.isBlank() ? "" : " (" + message + ")")
            + " at "
            + where(endpoint));
  }

  private static <T> BucketConfigCall<T> unreachable(
      BucketEndpoint endpoint, SdkClientException e) {
    return BucketConfigCall.failed(
        BucketConfigCall.Outcome.FAILED,
        "cannot reach " + where(endpoint) + ": " + firstLine(e.getMessage()));
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static String where(BucketEndpoint endpoint) {
    return endpoint.isAws() ? "AWS S3 in " + endpoint.region() : endpoint.endpoint().toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return null;
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
