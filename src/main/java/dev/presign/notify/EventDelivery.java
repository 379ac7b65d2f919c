package dev.presign.notify;

import dev.presign.api.v1alpha1.UploadNotify;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.uploads.UploadTarget;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** One attempt: the upload's event, signed with the class's key, POSTed once to its receiver. */
public final class EventDelivery {
  /** User-Agent of every notification. */
  public static final String USER_AGENT = "presign-operator";

  /**
   * @param receiver scheme, host and port of the receiver (never its path or query)
   * @param permanent the class's settings cannot work (a bad URL): no retry would help
   */
  public record Outcome(boolean delivered, boolean permanent, String receiver, String detail) {}

  private final UploadEventFactory events;
  private final SigningKeys keys;
  private final EventSignature signature;
  private final WebhookPoster poster;
  private final NotifyUrlCheck urls;

  public EventDelivery(
      UploadEventFactory events,
      SigningKeys keys,
      EventSignature signature,
      WebhookPoster poster,
      NotifyUrlCheck urls) {
    this.events = events;
    this.keys = keys;
    this.signature = signature;
    this.poster = poster;
    this.urls = urls;
  }

  /**
   * @param target where the object is, or null for a request that failed before it was signed
   * @param className the request's class
   */
  public Outcome deliver(
      UploadRequest request,
      UploadTarget target,
      String className,
      UploadNotify notify,
      Instant now) {
    URI url;
    try {
      url = urls.check(notify.getUrl());
    } catch (IllegalArgumentException e) {
      return new Outcome(false, true, "(invalid URL)", e.getMessage());
    }
    String receiver = urls.shown(url);
    byte[] key;
    try {
      key = keys.keyOf(notify.getSigningKeyRef());
    } catch (IllegalStateException e) {
      // The Secret may appear later: an attempt that failed, not a setting that cannot work.
      return new Outcome(false, false, receiver, e.getMessage());
    }
    UploadEvent event = events.of(request, target, className, now);
    long timestamp = now.getEpochSecond();
    WebhookPoster.Result result =
        poster.post(
            url,
            event.body(),
            Map.of(
                "Content-Type",
                UploadEvent.CONTENT_TYPE,
                "User-Agent",
                USER_AGENT,
                EventSignature.TIMESTAMP_HEADER,
                Long.toString(timestamp),
                EventSignature.SIGNATURE_HEADER,
                signature.sign(key, timestamp, event.body())));
    return new Outcome(result.delivered(), false, receiver, result.detail());
  }
}
