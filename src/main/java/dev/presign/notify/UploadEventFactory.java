package dev.presign.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.GroupVersion;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.uploads.UploadTarget;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudEvents 1.0 event (structured JSON mode) of a finished upload. What it carries is chosen
 * to be safe to hand to any receiver: where the object is and what it is, never a credential, a
 * signed form or URL, or the request's {@code spec.metadata} (free-form values an app may fill with
 * anything; a receiver that needs them reads the UploadRequest). Bucket, key, class and content
 * type come from the {@link UploadTarget} (spec, uid and class), not from the status, which a
 * tenant may write.
 *
 * <p>Deterministic: the same request gives the same bytes (the time is the Ready condition's
 * transition, not the send time), so a retry or a resend after a restart is the same event.
 */
public final class UploadEventFactory {
  /** Prefix of the event types: {@code dev.presign.upload.uploaded|expired|failed}. */
  public static final String TYPE_PREFIX = "dev.presign.upload.";

  private final ObjectMapper json = new ObjectMapper();

  /**
   * Why it finished: for Failed the Denied or Failed condition's reason (Cancelled, FileTooLarge,
   * ...), as the Event says; otherwise the Ready condition's (Uploaded, Expired).
   */
  private static String reasonOf(UploadRequestStatus status, Condition ready) {
    if (status.getPhase() == Phase.FAILED) {
      return status
          .findCondition(ConditionTypes.DENIED)
          .or(() -> status.findCondition(ConditionTypes.FAILED))
          .map(Condition::getReason)
          .orElse(ready == null ? null : ready.getReason());
    }
    return ready == null ? null : ready.getReason();
  }

  /**
   * @param target where the object is, or null for a request that failed before it was signed
   * @param className the class the request is of (used when there is no target)
   */
  public UploadEvent of(
      UploadRequest request, UploadTarget target, String className, Instant fallbackTime) {
    UploadRequestStatus status = request.getStatus();
    Phase phase = status.getPhase();
    String namespace = request.getMetadata().getNamespace();
    String name = request.getMetadata().getName();
    String uid = request.getMetadata().getUid();
    String id = uid + "/" + phase.value();
    String type = TYPE_PREFIX + phase.value().toLowerCase(Locale.ROOT);
    Condition ready = status.findCondition(ConditionTypes.READY).orElse(null);

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("namespace", namespace);
    data.put("name", name);
    data.put("uid", uid);
    data.put("phase", phase.value());
    data.put("reason", reasonOf(status, ready));
    data.put("uploadClassName", target != null ? target.className() : status.getUploadClassName());
    if (target != null) {
      data.put("bucket", target.bucket());
      data.put("key", target.key());
      data.put("contentType", target.contentType());
    }
    if (phase == Phase.UPLOADED && status.getObject() != null) {
      data.put("size", status.getObject().getSize());
      data.put("etag", status.getObject().getEtag());
    } else if (request.getSpec() != null) {
      data.put("size", request.getSpec().getFileSize());
    }
    data.values().removeIf(java.util.Objects::isNull);

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("type", type);
    event.put(
        "source",
        "/apis/"
            + GroupVersion.GROUP
            + "/"
            + GroupVersion.VERSION
            + "/namespaces/"
            + namespace
            + "/uploadrequests");
    event.put("subject", name);
    event.put("id", id);
    event.put(
        "time",
        ready != null && ready.getLastTransitionTime() != null
            ? ready.getLastTransitionTime()
            : fallbackTime.toString());
    event.put("datacontenttype", "application/json");
    event.put("data", data);
    try {
      return new UploadEvent(id, type, json.writeValueAsBytes(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the event of " + id, e);
    }
  }
}
