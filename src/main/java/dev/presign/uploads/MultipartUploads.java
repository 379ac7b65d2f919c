package dev.presign.uploads;

import dev.presign.api.v1alpha1.MultipartStatus;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.s3.CredentialsException;
import dev.presign.s3.MultipartStore;
import dev.presign.s3.ObjectStore;
import dev.presign.s3.ObjectStoreException;
import dev.presign.s3.StoredObject;
import dev.presign.s3.StoredPart;
import dev.presign.signing.CredentialsExpiredException;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PresignedUploadPart;
import dev.presign.signing.SigningCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The multipart upload of an Issued multipart request, for the front doors (the HTTP API's
 * Companion routes): sign parts, list what S3 holds (resume), complete. The leader created the S3
 * multipart upload and recorded it in {@code status.multipart}; any replica can do all three.
 *
 * <p>What is trusted: the key, bucket and class come from {@link UploadTargets} (the immutable
 * spec, the uid, the class), never from the status or the client; the part size and count are
 * computed again from the spec and must agree with the status. The uploadId is the status's: a
 * signature binds it to this request's key, and S3 accepts a part only for an upload open for that
 * key, which only this request's uploads can be (the key holds its uid).
 */
public final class MultipartUploads {
  /** What an uploadId may look like: visible ASCII, as S3 and S3Proxy make them. */
  private static final Pattern UPLOAD_ID = Pattern.compile("^[\\x21-\\x7e]{1,1024}$");

  private final UploadTargets targets;
  private final ClassCatalog classes;
  private final ClassCredentials classCredentials;
  private final MultipartStore store;
  private final ObjectStore objects;
  private final ObjectUrlPresigner presigner;
  private final UploadPolicy policy;
  private final UploadCompletion completion;
  private final Clock clock;

  public MultipartUploads(
      UploadTargets targets,
      ClassCatalog classes,
      ClassCredentials classCredentials,
      MultipartStore store,
      ObjectStore objects,
      ObjectUrlPresigner presigner,
      UploadPolicy policy,
      UploadCompletion completion,
      Clock clock) {
    this.targets = targets;
    this.classes = classes;
    this.classCredentials = classCredentials;
    this.store = store;
    this.objects = objects;
    this.presigner = presigner;
    this.policy = policy;
    this.completion = completion;
    this.clock = clock;
  }

  /**
   * Whether {@link #presignParts} needs nothing but memory for this request, so a caller may sign
   * on an event loop: its class's credentials come from a Secret (the informer's cache), not the
   * AWS default chain, whose refresh may call STS or the instance metadata service.
   */
  public boolean signsInMemory(UploadRequest request) {
    UploadRequestStatus status = request.getStatus();
    return status != null
        && status.getUploadClassName() != null
        && classes
            .byName(status.getUploadClassName())
            .map(uploadClass -> classCredentials.readsFromMemory(uploadClass.getSpec()))
            .orElse(false);
  }

  /**
   * Signed UploadPart URLs for {@code partNumbers} (each 1..partCount), each bound to its part
   * number, the upload and the part's exact length, valid until the upload's deadline (at most the
   * request's expiry from now). No S3 call: signing is local.
   *
   * @throws UploadRefusal CONFLICT naming the field when the request is not an open Issued
   *     multipart upload or a part number is out of range; UNAVAILABLE when the class's credentials
   *     cannot be used now
   */
  public List<PresignedPart> presignParts(UploadRequest request, List<Integer> partNumbers) {
    Open open = open(request);
    if (partNumbers == null || partNumbers.isEmpty()) {
      throw UploadRefusal.conflict(StatusField.PART_NUMBER, "name at least one part number");
    }
    for (Integer number : partNumbers) {
      checkPartNumber(number, open.plan());
    }
    Duration lifetime = lifetime(request, open);
    SigningCredentials credentials = credentials(open.target());
    List<PresignedPart> signed = new ArrayList<>(partNumbers.size());
    try {
      for (int number : new TreeSet<>(partNumbers)) {
        PresignedUploadPart part =
            presigner.presignUploadPart(
                open.target().endpoint(),
                open.target().bucket(),
                open.target().key(),
                open.uploadId(),
                number,
                open.plan().lengthOf(number, request.getSpec().getFileSize()),
                lifetime,
                credentials);
        signed.add(new PresignedPart(number, part.url(), part.expiresAt()));
      }
    } catch (CredentialsExpiredException e) {
      throw unavailableCredentials();
    }
    return signed;
  }

  /**
   * The parts S3 holds for the request's upload, every page of ListParts, by part number.
   *
   * @throws UploadRefusal as {@link #presignParts}; CONFLICT naming the upload when S3 has it no
   *     longer open; UNAVAILABLE when S3 cannot answer now
   */
  public List<UploadedPart> listParts(UploadRequest request) {
    Open open = open(request);
    return storedParts(open).stream()
        .map(p -> new UploadedPart(p.partNumber(), p.etag(), p.size()))
        .toList();
  }

  /**
   * Completes the upload with the parts S3 lists, after comparing them with the client's list
   * (CONFLICT naming the part that is missing or has another ETag: a client's ETags are never
   * trusted alone), then confirms the object with HeadObject through the one completion path.
   * Completing an upload that is already Uploaded answers it as it is (a retried call). When S3
   * does not confirm the complete (no answer in time, an error, NoSuchUpload), the object at the
   * key decides: this upload assembled (its size, its part count) goes on to Uploaded all the same.
   *
   * @return the request as it is afterwards (Uploaded)
   * @throws UploadRefusal CONFLICT naming the field at fault; UNAVAILABLE when S3 or the API server
   *     cannot be used now
   */
  public UploadRequest complete(UploadRequest request, List<ClientPart> parts) {
    UploadRequestStatus status = request.getStatus();
    if (status != null && status.getPhase() == Phase.UPLOADED && status.getMultipart() != null) {
      return completion.completeRequested(request, classes);
    }
    Open open = open(request);
    Map<Integer, String> claimed = claimed(parts, open.plan());
    Optional<List<StoredPart>> stored;
    try {
      stored =
          store.listParts(
              open.target().endpoint(),
              credentials(open.target()),
              open.target().bucket(),
              open.target().key(),
              open.uploadId());
    } catch (ObjectStoreException e) {
      throw unavailable(e);
    }
    if (stored.isEmpty()) {
      // Completed by a call that raced this one (or aborted): the object decides.
      return ifAssembled(request, open, noSuchUpload(open));
    }
    if (stored.get().isEmpty() && isAssembled(request, open)) {
      // S3Proxy lists no parts for an upload it completed (AWS answers NoSuchUpload): a complete
      // whose answer was lost, retried.
      return completion.completeRequested(request, classes);
    }
    compare(stored.get(), claimed, open.plan(), request.getSpec().getFileSize());
    MultipartStore.Completed done;
    try {
      done =
          store.complete(
              open.target().endpoint(),
              credentials(open.target()),
              open.target().bucket(),
              open.target().key(),
              open.uploadId(),
              stored.get());
    } catch (ObjectStoreException e) {
      // No answer in time, or an error: S3 may still have assembled the object.
      return ifAssembled(request, open, unavailable(e));
    }
    return switch (done) {
      case DONE -> completion.completeRequested(request, classes);
      case NO_SUCH_UPLOAD ->
          // Completed by a call whose answer was lost or that raced this one, or aborted.
          ifAssembled(request, open, noSuchUpload(open));
      case REJECTED ->
          ifAssembled(
              request,
              open,
              UploadRefusal.conflict(
                  StatusField.PARTS,
                  "S3 refused to complete the upload with the parts it listed (a part is missing,"
                      + " too small or was replaced meanwhile); list the parts again and upload"
                      + " what is missing"));
    };
  }

  /**
   * After a complete that S3 did not confirm: HeadObject decides. The assembled object goes on
   * through the one completion path to Uploaded; otherwise {@code refusal}, and nothing is recorded
   * (the reconciler's polling judges whatever is at the key).
   */
  private UploadRequest ifAssembled(UploadRequest request, Open open, UploadRefusal refusal) {
    if (isAssembled(request, open)) {
      return completion.completeRequested(request, classes);
    }
    throw refusal;
  }

  /**
   * Whether the object at the key is this upload, assembled (HeadObject, {@link AssembledObject}).
   */
  private boolean isAssembled(UploadRequest request, Open open) {
    Optional<StoredObject> found;
    try {
      found =
          objects.headObject(
              open.target().endpoint(),
              credentials(open.target()),
              open.target().bucket(),
              open.target().key());
    } catch (ObjectStoreException e) {
      throw unavailable(e);
    }
    return AssembledObject.judge(found, request.getSpec().getFileSize(), open.plan().partCount())
        == AssembledObject.Verdict.ASSEMBLED;
  }

  /**
   * S3 no longer knows the upload, and its object is not there (yet). The request is still Issued,
   * so the operator did not abort it (it aborts only after a terminal phase): most likely another
   * complete is still assembling the object, and asking again shortly gets the answer.
   */
  private static UploadRefusal noSuchUpload(Open open) {
    return UploadRefusal.unavailable(
        "S3 no longer lists the multipart upload "
            + open.uploadId()
            + ", and its object is not there yet (another completion may still be under way);"
            + " try again shortly.",
        5);
  }

  /** The open upload of an Issued multipart request, or the refusal that says why not. */
  private Open open(UploadRequest request) {
    UploadRequestStatus status = request.getStatus();
    Phase phase = status == null ? null : status.getPhase();
    MultipartStatus multipart = status == null ? null : status.getMultipart();
    if (phase != Phase.ISSUED) {
      throw UploadRefusal.conflict(
          StatusField.PHASE,
          "the upload is "
              + (phase == null ? "Pending" : phase.value())
              + "; only an Issued multipart upload has parts to sign, list or complete");
    }
    if (multipart == null) {
      throw UploadRefusal.conflict(
          StatusField.MULTIPART, "the upload is a single POST or PUT, not a multipart upload");
    }
    if (multipart.getUploadId() == null || !UPLOAD_ID.matcher(multipart.getUploadId()).matches()) {
      throw UploadRefusal.conflict(
          StatusField.MULTIPART, "the status records no valid uploadId for this upload");
    }
    Instant expiresAt = deadline(status);
    if (!clock.instant().isBefore(expiresAt)) {
      throw UploadRefusal.conflict(
          StatusField.PHASE, "the upload expired at " + expiresAt + "; create a new one");
    }
    UploadTargets.Check check = targets.check(request, classes);
    if (check.isClassGone()) {
      throw UploadRefusal.conflict(
          StatusField.UPLOAD_CLASS,
          "UploadClass " + status.getUploadClassName() + " no longer exists");
    }
    if (!check.isTrusted()) {
      throw UploadRefusal.conflict(check.field(), check.message());
    }
    PartSizeRule.PartPlan plan;
    try {
      plan = policy.partPlan(request.getSpec());
    } catch (ViolationException e) {
      throw UploadRefusal.conflict(StatusField.MULTIPART, e.violation().describe());
    }
    if (!Objects.equals(multipart.getPartSize(), plan.partSize())
        || !Objects.equals(multipart.getPartCount(), plan.partCount())) {
      throw UploadRefusal.conflict(
          StatusField.MULTIPART,
          "the status records parts of "
              + multipart.getPartSize()
              + " bytes, but this upload's spec makes "
              + plan.partCount()
              + " parts of "
              + plan.partSize()
              + " bytes; the operator never trusts a status it did not write");
    }
    return new Open(check.target(), multipart.getUploadId(), plan, expiresAt);
  }

  private static void checkPartNumber(Integer number, PartSizeRule.PartPlan plan) {
    if (number == null || number < 1 || number > plan.partCount()) {
      throw UploadRefusal.conflict(
          StatusField.PART_NUMBER,
          "part number "
              + number
              + " is not a part of this upload: it has parts 1 to "
              + plan.partCount());
    }
  }

  /** The client's list as part number → ETag; refuses duplicates and numbers out of range. */
  private static Map<Integer, String> claimed(List<ClientPart> parts, PartSizeRule.PartPlan plan) {
    if (parts == null || parts.isEmpty()) {
      throw UploadRefusal.conflict(
          StatusField.PARTS, "list the uploaded parts ({PartNumber, ETag}) to complete the upload");
    }
    Map<Integer, String> claimed = new HashMap<>();
    for (ClientPart part : parts) {
      checkPartNumber(part.partNumber(), plan);
      if (claimed.put(part.partNumber(), normalized(part.etag())) != null) {
        throw UploadRefusal.conflict(
            StatusField.PARTS, "part " + part.partNumber() + " is listed twice");
      }
    }
    return claimed;
  }

  /** S3's parts must be exactly 1..partCount at their planned lengths, as the client says. */
  private static void compare(
      List<StoredPart> stored,
      Map<Integer, String> claimed,
      PartSizeRule.PartPlan plan,
      long fileSize) {
    Map<Integer, StoredPart> byNumber = new HashMap<>();
    stored.forEach(p -> byNumber.put(p.partNumber(), p));
    for (int number = 1; number <= plan.partCount(); number++) {
      StoredPart held = byNumber.get(number);
      if (held == null) {
        throw UploadRefusal.conflict(
            StatusField.PARTS,
            "part " + number + " has not been uploaded (S3 holds " + stored.size() + " parts)");
      }
      long expected = plan.lengthOf(number, fileSize);
      if (held.size() != expected) {
        throw UploadRefusal.conflict(
            StatusField.PARTS,
            "part " + number + " has " + held.size() + " bytes; it must have " + expected);
      }
      String etag = claimed.get(number);
      if (etag == null) {
        throw UploadRefusal.conflict(
            StatusField.PARTS, "part " + number + " is missing from the list of parts");
      }
      if (!etag.equals(normalized(held.etag()))) {
        throw UploadRefusal.conflict(
            StatusField.PARTS,
            "part "
                + number
                + " has ETag "
                + normalized(held.etag())
                + " in S3, but the list says "
                + dev.presign.signing.EchoSafeText.of(etag, 80));
      }
    }
  }

  private List<StoredPart> storedParts(Open open) {
    try {
      return store
          .listParts(
              open.target().endpoint(),
              credentials(open.target()),
              open.target().bucket(),
              open.target().key(),
              open.uploadId())
          .orElseThrow(
              () ->
                  UploadRefusal.conflict(
                      StatusField.MULTIPART,
                      "S3 has no open multipart upload "
                          + open.uploadId()
                          + " for this upload (completed or aborted)"));
    } catch (ObjectStoreException e) {
      throw unavailable(e);
    }
  }

  /** Until the upload's deadline, and never longer than the request's own expiry from now. */
  private Duration lifetime(UploadRequest request, Open open) {
    Duration untilDeadline = Duration.between(clock.instant(), open.expiresAt());
    Duration expiry = policy.expiresIn(request.getSpec(), open.target().uploadClass().getSpec());
    Duration lifetime = untilDeadline.compareTo(expiry) < 0 ? untilDeadline : expiry;
    return lifetime.getSeconds() < 1 ? Duration.ofSeconds(1) : lifetime;
  }

  private SigningCredentials credentials(UploadTarget target) {
    try {
      return classCredentials.resolve(target.uploadClass().getSpec()).credentials();
    } catch (CredentialsException e) {
      throw unavailableCredentials();
    }
  }

  private static Instant deadline(UploadRequestStatus status) {
    try {
      return OffsetDateTime.parse(status.getExpiresAt()).toInstant();
    } catch (RuntimeException e) {
      throw UploadRefusal.conflict(StatusField.PHASE, "the status records no valid expiresAt");
    }
  }

  private static String normalized(String etag) {
    if (etag == null) {
      return "";
    }
    String trimmed = etag.trim();
    return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
        ? trimmed.substring(1, trimmed.length() - 1)
        : trimmed;
  }

  private static UploadRefusal unavailable(ObjectStoreException e) {
    // The message names the call, the endpoint and the HTTP status, never a secret.
    return UploadRefusal.unavailable(
        "S3 could not be asked about the multipart upload now ("
            + e.getMessage()
            + "); try again"
            + " shortly.",
        5);
  }

  private static UploadRefusal unavailableCredentials() {
    return UploadRefusal.unavailable(
        "The upload class's credentials are not usable now; try again shortly.", 5);
  }

  private record Open(
      UploadTarget target, String uploadId, PartSizeRule.PartPlan plan, Instant expiresAt) {}
}
