package dev.presign.notify;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.NotificationStatus;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.uploads.ConditionSetter;
import dev.presign.uploads.ConditionalStatusWriter;
import dev.presign.uploads.UploadRequestReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Writes how a notification stands (the Notified condition and status.notification) through the
 * {@link ConditionalStatusWriter}, changing nothing else of the status. A write refused because the
 * request changed since it was read (a 409) is tried once more on a fresh read, unless that read
 * shows the notification already settled by someone else.
 */
public final class NotificationRecords {
  private final ConditionalStatusWriter writer;
  private final UploadRequestReader reader;
  private final ConditionSetter conditions;
  private final KubernetesClient client;

  public NotificationRecords(
      ConditionalStatusWriter writer,
      UploadRequestReader reader,
      ConditionSetter conditions,
      KubernetesClient client) {
    this.writer = writer;
    this.reader = reader;
    this.conditions = conditions;
    this.client = client;
  }

  /**
   * The Notified condition and the progress, added to {@code status} (a copy is changed, not it).
   */
  public UploadRequestStatus with(
      UploadRequest request,
      UploadRequestStatus status,
      String conditionStatus,
      String reason,
      String message,
      NotificationStatus progress) {
    UploadRequestStatus next = client.getKubernetesSerialization().clone(status);
    next.setConditions(
        conditions.set(
            next.getConditions(),
            ConditionTypes.NOTIFIED,
            conditionStatus,
            reason,
            message,
            request.getMetadata().getGeneration()));
    next.setNotification(progress);
    return next;
  }

  /**
   * @return the request as written; empty when it was deleted, or its notification was settled
   *     elsewhere meanwhile
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server cannot
   *     answer
   */
  public Optional<UploadRequest> record(
      UploadRequest read,
      String conditionStatus,
      String reason,
      String message,
      NotificationStatus progress) {
    Optional<UploadRequest> written =
        writer.write(
            read, with(read, read.getStatus(), conditionStatus, reason, message, progress));
    if (written.isPresent()) {
      return written;
    }
    Optional<UploadRequest> fresh =
        reader
            .named(read.getMetadata().getNamespace(), read.getMetadata().getName())
            .filter(r -> r.getMetadata().getUid().equals(read.getMetadata().getUid()))
            .filter(NotificationRecords::isOwed);
    if (fresh.isEmpty()) {
      return Optional.empty();
    }
    return writer.write(
        fresh.get(),
        with(fresh.get(), fresh.get().getStatus(), conditionStatus, reason, message, progress));
  }

  /**
   * The request as the API server has it now, if its notification is still owed: a cache can lag a
   * record this replica has just written, and sending from its older copy would send again.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server cannot
   *     answer
   */
  public Optional<UploadRequest> stillOwed(UploadRequest cached) {
    return reader
        .named(cached.getMetadata().getNamespace(), cached.getMetadata().getName())
        .filter(r -> r.getMetadata().getUid().equals(cached.getMetadata().getUid()))
        .filter(NotificationRecords::isOwed);
  }

  /** A finished request whose notification is still to be sent (Notified is Unknown). */
  public static boolean isOwed(UploadRequest request) {
    return request.isFinished()
        && request.getStatus() != null
        && request
            .getStatus()
            .findCondition(ConditionTypes.NOTIFIED)
            .map(c -> ConditionTypes.STATUS_UNKNOWN.equals(c.getStatus()))
            .orElse(false);
  }
}
