package dev.presign.notify;

/**
 * A CloudEvent about one finished upload, serialised once: every attempt sends these exact bytes.
 *
 * @param id {@code {uid}/{phase}}: the same for every attempt and after a restart, so a receiver
 *     deduplicates on it
 * @param body the structured-mode JSON
 */
public record UploadEvent(String id, String type, byte[] body) {
  /** Content type of a CloudEvent in structured mode. */
  public static final String CONTENT_TYPE = "application/cloudevents+json";
}
