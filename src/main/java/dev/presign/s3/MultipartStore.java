package dev.presign.s3;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The server-side calls of a multipart upload (create, list, complete, abort), with the operator's
 * credentials. Parts themselves are never sent through the operator: the client PUTs them to
 * presigned UploadPart URLs. Every answer that S3 could not give becomes an {@link
 * ObjectStoreException} naming the call, the endpoint and the HTTP status, never a credential.
 */
public final class MultipartStore {
  /** Most entries S3 returns per page of ListParts and ListMultipartUploads. */
  private static final int PAGE = 1000;

  private final S3ClientCache clients;
  private final S3ClientCache completeClients;
  private final CompletionTimeout completionTimeout;

  /**
   * @param clients for every call but CompleteMultipartUpload (short timeouts, SDK retries)
   * @param completeClients for CompleteMultipartUpload: one attempt, a socket that may stay silent
   *     up to the completion timeout's ceiling ({@link S3ClientCache#forSingleLongCalls})
   * @param completionTimeout how long one complete may take, by object size
   */
  public MultipartStore(
      S3ClientCache clients, S3ClientCache completeClients, CompletionTimeout completionTimeout) {
    this.clients = clients;
    this.completeClients = completeClients;
    this.completionTimeout = completionTimeout;
  }

  /**
   * CreateMultipartUpload with the content type and user metadata the object must end up with.
   *
   * @return the new uploadId
   */
  public String create(
      BucketEndpoint endpoint,
      SigningCredentials credentials,
      String bucket,
      String key,
      String contentType,
      Map<String, String> metadata) {
    return call(
        "CreateMultipartUpload",
        endpoint,
        () -> {
          try (S3ClientCache.Lease lease = clients.acquire(endpoint, credentials)) {
            return lease
                .client()
                .createMultipartUpload(
                    b -> {
                      b.bucket(bucket).key(key).contentType(contentType);
                      if (metadata != null && !metadata.isEmpty()) {
                        b.metadata(metadata);
                      }
                    })
                .uploadId();
          }
        });
  }

  /**
   * The multipart uploads S3 has open for exactly {@code key} (every page), oldest first: how a
   * leader finds an upload an earlier leader created but could not record.
   */
  public List<OpenUpload> openUploads(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket, String key) {
    return call(
        "ListMultipartUploads",
        endpoint,
        () -> {
          List<OpenUpload> found = new ArrayList<>();
          try (S3ClientCache.Lease lease = clients.acquire(endpoint, credentials)) {
            String keyMarker = null;
            String uploadIdMarker = null;
            while (true) {
              String keys = keyMarker;
              String ids = uploadIdMarker;
              ListMultipartUploadsResponse page =
                  lease
                      .client()
                      .listMultipartUploads(
                          b ->
                              b.bucket(bucket)
                                  .prefix(key)
                                  .maxUploads(PAGE)
                                  .keyMarker(keys)
                                  .uploadIdMarker(ids));
              for (MultipartUpload upload : page.uploads()) {
                // A prefix also matches longer keys: only this key's uploads count.
                if (key.equals(upload.key())) {
                  found.add(new OpenUpload(upload.uploadId(), upload.initiated()));
                }
              }
              if (!Boolean.TRUE.equals(page.isTruncated())) {
                break;
              }
              keyMarker = page.nextKeyMarker();
              uploadIdMarker = page.nextUploadIdMarker();
              if (keyMarker == null && uploadIdMarker == null) {
                break; // a store that says "truncated" without a marker would loop forever
              }
            }
          }
          found.sort(
              Comparator.comparing(
                      OpenUpload::initiated, Comparator.nullsLast(Comparator.naturalOrder()))
                  .thenComparing(OpenUpload::uploadId));
          return found;
        });
  }

  /**
   * Every page of ListParts, by part number.
   *
   * @return empty when S3 knows no such upload for the key (completed, aborted, or never created)
   */
  public Optional<List<StoredPart>> listParts(
      BucketEndpoint endpoint,
      SigningCredentials credentials,
      String bucket,
      String key,
      String uploadId) {
    return call(
        "ListParts",
        endpoint,
        () -> {
          List<StoredPart> parts = new ArrayList<>();
          try (S3ClientCache.Lease lease = clients.acquire(endpoint, credentials)) {
            Integer marker = null;
            while (true) {
              Integer after = marker;
              ListPartsResponse page =
                  lease
                      .client()
                      .listParts(
                          b ->
                              b.bucket(bucket)
                                  .key(key)
                                  .uploadId(uploadId)
                                  .maxParts(PAGE)
                                  .partNumberMarker(after));
              for (Part part : page.parts()) {
                parts.add(
                    new StoredPart(
                        part.partNumber(), ObjectStore.stripQuotes(part.eTag()), part.size()));
              }
              if (!Boolean.TRUE.equals(page.isTruncated())
                  || page.nextPartNumberMarker() == null
                  || page.nextPartNumberMarker().equals(after)) {
                break;
              }
              marker = page.nextPartNumberMarker();
            }
          } catch (NoSuchUploadException e) {
            return Optional.empty();
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return Optional.empty();
            }
            throw e;
          }
          parts.sort(Comparator.comparingInt(StoredPart::partNumber));
          return Optional.of(parts);
        });
  }

  /**
   * CompleteMultipartUpload with exactly {@code parts} (in part-number order), in one attempt
   * bounded by the completion timeout for the parts' total size. It is never repeated here: a
   * repeat races the first call on the server and answers an error although the object may have
   * been assembled; the caller asks HeadObject what a failure means.
   *
   * @return what S3 said: completed, no such upload, or a refusal (such as InvalidPart) with its
   *     code
   * @throws ObjectStoreException when S3 did not answer (in time) or answered another error: the
   *     object may or may not have been assembled
   */
  public Completed complete(
      BucketEndpoint endpoint,
      SigningCredentials credentials,
      String bucket,
      String key,
      String uploadId,
      List<StoredPart> parts) {
    List<CompletedPart> completed =
        parts.stream()
            .sorted(Comparator.comparingInt(StoredPart::partNumber))
            .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(quoted(p)).build())
            .toList();
    Duration timeout =
        completionTimeout.forObjectOf(parts.stream().mapToLong(StoredPart::size).sum());
    return call(
        "CompleteMultipartUpload",
        endpoint,
        () -> {
          try (S3ClientCache.Lease lease = completeClients.acquire(endpoint, credentials)) {
            lease
                .client()
                .completeMultipartUpload(
                    b ->
                        b.bucket(bucket)
                            .key(key)
                            .uploadId(uploadId)
                            .multipartUpload(m -> m.parts(completed))
                            .overrideConfiguration(
                                o -> o.apiCallAttemptTimeout(timeout).apiCallTimeout(timeout)));
            return Completed.DONE;
          } catch (NoSuchUploadException e) {
            return Completed.NO_SUCH_UPLOAD;
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return Completed.NO_SUCH_UPLOAD;
            }
            if (e.statusCode() == 400) {
              return Completed.REJECTED;
            }
            throw e;
          }
        });
  }

  /**
   * AbortMultipartUpload.
   *
   * @return false when S3 knows no such upload (already completed or aborted): nothing to do
   */
  public boolean abort(
      BucketEndpoint endpoint,
      SigningCredentials credentials,
      String bucket,
      String key,
      String uploadId) {
    return call(
        "AbortMultipartUpload",
        endpoint,
        () -> {
          try (S3ClientCache.Lease lease = clients.acquire(endpoint, credentials)) {
            lease.client().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            return true;
          } catch (NoSuchUploadException e) {
            return false;
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return false;
            }
            throw e;
          }
        });
  }

  /** What CompleteMultipartUpload answered. */
  public enum Completed {
    DONE,
    NO_SUCH_UPLOAD,
    /** 400: a part is missing, too small or has another ETag (InvalidPart, EntityTooSmall). */
    REJECTED
  }

  private static String quoted(StoredPart part) {
    String etag = part.etag();
    return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
  }

  private static <T> T call(String what, BucketEndpoint endpoint, Supplier<T> call) {
    try {
      return call.get();
    } catch (S3Exception e) {
      throw new ObjectStoreException(
          what + " answered HTTP " + e.statusCode() + " at " + ObjectStore.where(endpoint));
    } catch (SdkClientException e) {
      throw new ObjectStoreException(
          "cannot reach "
              + ObjectStore.where(endpoint)
              + " for "
              + what
              + ": "
              + ObjectStore.firstLine(e.getMessage()));
    }
  }
}
