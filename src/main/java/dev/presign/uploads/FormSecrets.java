package dev.presign.uploads;

import dev.presign.api.v1alpha1.GroupVersion;
import dev.presign.api.v1alpha1.PresignedPost;
import dev.presign.api.v1alpha1.PresignedPut;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signed forms kept in a Secret instead of the status (UploadClass {@code formDelivery: Secret}),
 * the Strimzi/COSI pattern: a form is a bearer credential until it expires, and in a Secret only
 * those who may get that Secret can read it, not everyone who may get uploadrequests.
 *
 * <p>One Secret per request, named from its uid ({@link #nameOf}) and owned by it (garbage
 * collected with it). Its name is never taken from the status, which a tenant may write: the
 * operator reads and deletes only the Secret the uid names.
 *
 * <p>Sign once, nothing lost: the Secret is written before the status says Issued, so a status
 * write that fails (or whose answer is lost, or a leader that dies in between) leaves a Secret that
 * someone may already have read. The next attempt, on this replica or a successor, finds it and
 * reuses its form instead of storing a second one, as long as it was signed for the key and bucket
 * the request has now.
 */
public final class FormSecrets {
  /** The Secret type: says what it holds, and keeps it apart from Opaque Secrets. */
  public static final String TYPE = "uploads.presign.dev/signed-form";

  /** Data key of a POST form: the JSON of {@code presignedPost} as the status would hold it. */
  public static final String POST_KEY = "presignedPost";

  /** Data key of a presigned PUT: the JSON of {@code presignedPut}. */
  public static final String PUT_KEY = "presignedPut";

  static final String KEY_ANNOTATION = GroupVersion.GROUP + "/key";
  static final String BUCKET_ANNOTATION = GroupVersion.GROUP + "/bucket";
  static final String ISSUED_AT_ANNOTATION = GroupVersion.GROUP + "/issued-at";
  static final String EXPIRES_AT_ANNOTATION = GroupVersion.GROUP + "/expires-at";
  private static final String NAME_PREFIX = "presign-form-";

  private final KubernetesClient client;

  public FormSecrets(KubernetesClient client) {
    this.client = client;
  }

  /** The name of the Secret that holds the form of {@code request}: from its uid, never status. */
  public static String nameOf(UploadRequest request) {
    return NAME_PREFIX + request.getMetadata().getUid();
  }

  /**
   * Puts {@code signed} into the request's Secret, unless the Secret already holds a form for the
   * same key and bucket: that one is returned instead (sign once).
   *
   * @return the upload whose form the Secret now holds
   * @throws ViolationException {@link Reasons#FORM_SECRET_CONFLICT} when a Secret of that name
   *     exists and is not owned by the request
   * @throws KubernetesClientException when the API server cannot answer (the caller retries)
   */
  public IssuedUpload deliver(UploadRequest request, IssuedUpload signed) {
    Secret existing = get(request);
    if (existing == null) {
      try {
        client.resource(secretFor(request, signed)).create();
        return signed;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // Created meanwhile (a create whose answer was lost, or another writer): read what it is.
        existing = get(request);
        if (existing == null) {
          throw e;
        }
      }
    }
    if (!ownedBy(existing, request)) {
      throw new ViolationException(
          Violation.failed(
              Reasons.FORM_SECRET_CONFLICT,
              (dev.presign.fields.UploadField) null,
              "Secret "
                  + existing.getMetadata().getName()
                  + " exists in namespace "
                  + request.getMetadata().getNamespace()
                  + " and is not owned by this UploadRequest; the operator does not overwrite"
                  + " it: delete it and create a new UploadRequest"));
    }
    Optional<IssuedUpload> stored = stored(existing, signed);
    if (stored.isPresent()) {
      return stored.get();
    }
    // Ours, but signed for another key or bucket (the class changed before the status was
    // written) or unreadable: that form can never be confirmed for this request, so the Secret
    // gets the current one. Delete and create rather than update: the operator needs no right to
    // overwrite Secrets. A create that meets a Secret made meanwhile fails, and the retry reads it.
    client.resource(existing).delete();
    client.resource(secretFor(request, signed)).create();
    return signed;
  }

  /**
   * The form in the request's Secret, or {@link SignedForm#NONE} when there is none or the Secret
   * is not the request's. Blocking.
   *
   * @throws KubernetesClientException when the API server cannot answer
   */
  public SignedForm read(UploadRequest request) {
    Secret secret = get(request);
    if (secret == null || !ownedBy(secret, request)) {
      return SignedForm.NONE;
    }
    try {
      return new SignedForm(
          decode(secret, POST_KEY, PresignedPost.class),
          decode(secret, PUT_KEY, PresignedPut.class));
    } catch (RuntimeException e) {
      return SignedForm.NONE; // written by someone else and unreadable: there is no form to give
    }
  }

  /**
   * Deletes the request's Secret when its status says it has one (a finished upload needs no form).
   * A Secret that is already gone is fine. The status only decides whether to look: a tenant who
   * clears {@code formSecretName} merely leaves the form until the request is deleted (owner
   * reference) or the form expires.
   *
   * @throws KubernetesClientException when the API server cannot answer (nothing was finished)
   */
  public void retire(UploadRequest request) {
    UploadRequestStatus status = request.getStatus();
    if (status == null || status.getFormSecretName() == null) {
      return;
    }
    client
        .secrets()
        .inNamespace(request.getMetadata().getNamespace())
        .withName(nameOf(request))
        .delete();
  }

  private Secret get(UploadRequest request) {
    return client
        .secrets()
        .inNamespace(request.getMetadata().getNamespace())
        .withName(nameOf(request))
        .get();
  }

  private Secret secretFor(UploadRequest request, IssuedUpload signed) {
    Map<String, String> data = new LinkedHashMap<>();
    if (signed.post() != null) {
      data.put(POST_KEY, encode(signed.post()));
    }
    if (signed.put() != null) {
      data.put(PUT_KEY, encode(signed.put()));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(KEY_ANNOTATION, signed.plan().key());
    annotations.put(BUCKET_ANNOTATION, signed.bucket());
    annotations.put(ISSUED_AT_ANNOTATION, signed.issuedAt().toString());
    annotations.put(EXPIRES_AT_ANNOTATION, signed.expiresAt().toString());
    return new SecretBuilder()
        .withNewMetadata()
        .withName(nameOf(request))
        .withNamespace(request.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "presign-operator")
        .withAnnotations(annotations)
        .withOwnerReferences(ownerReference(request))
        .endMetadata()
        .withType(TYPE)
        .withData(data)
        .build();
  }

  /**
   * A controller reference without blockOwnerDeletion: setting that would need update on the
   * request's finalizers, and nothing needs the request to wait for its Secret.
   */
  private static OwnerReference ownerReference(UploadRequest request) {
    return new OwnerReferenceBuilder()
        .withApiVersion(request.getApiVersion())
        .withKind(request.getKind())
        .withName(request.getMetadata().getName())
        .withUid(request.getMetadata().getUid())
        .withController(true)
        .build();
  }

  private static boolean ownedBy(Secret secret, UploadRequest request) {
    List<OwnerReference> owners = secret.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(
                o ->
                    Objects.equals(o.getUid(), request.getMetadata().getUid())
                        && Objects.equals(o.getKind(), request.getKind()));
  }

  /**
   * The upload the Secret holds, if it was signed the way {@code signed} is (key, bucket, method).
   */
  private Optional<IssuedUpload> stored(Secret secret, IssuedUpload signed) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    if (annotations == null
        || !Objects.equals(annotations.get(KEY_ANNOTATION), signed.plan().key())
        || !Objects.equals(annotations.get(BUCKET_ANNOTATION), signed.bucket())) {
      return Optional.empty();
    }
    try {
      PresignedPost post = decode(secret, POST_KEY, PresignedPost.class);
      PresignedPut put = decode(secret, PUT_KEY, PresignedPut.class);
      if ((signed.post() != null && post == null) || (signed.put() != null && put == null)) {
        return Optional.empty();
      }
      return Optional.of(
          new IssuedUpload(
              signed.plan(),
              signed.bucket(),
              signed.post() != null ? post : null,
              signed.put() != null ? put : null,
              Instant.parse(annotations.get(ISSUED_AT_ANNOTATION)),
              Instant.parse(annotations.get(EXPIRES_AT_ANNOTATION))));
    } catch (RuntimeException e) {
      return Optional.empty(); // unreadable: replaced by the current form
    }
  }

  private String encode(Object form) {
    return Base64.getEncoder()
        .encodeToString(
            client.getKubernetesSerialization().asJson(form).getBytes(StandardCharsets.UTF_8));
  }

  private <T> T decode(Secret secret, String key, Class<T> type) {
    String value = secret.getData() == null ? null : secret.getData().get(key);
    if (value == null) {
      return null;
    }
    return client
        .getKubernetesSerialization()
        .unmarshal(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8), type);
  }
}
