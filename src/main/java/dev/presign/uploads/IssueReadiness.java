package dev.presign.uploads;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadRequest;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Map;
import java.util.Optional;

/**
 * What must hold before a request is signed, decided the same way by the leader's reconciler and by
 * the replica that received the request over HTTP: a valid spec, its class found and Ready, and the
 * class allowing the request.
 */
public final class IssueReadiness {
  private final UploadPolicy policy;
  private final NamespaceLabels namespaceLabels;

  public IssueReadiness(UploadPolicy policy, NamespaceLabels namespaceLabels) {
    this.policy = policy;
    this.namespaceLabels = namespaceLabels;
  }

  /** The one answer for {@code request} against the classes as {@code classes} has them now. */
  public Verdict check(UploadRequest request, ClassCatalog classes) {
    Optional<Violation> invalid = policy.checkSpec(request.getSpec());
    if (invalid.isPresent()) {
      return new Refused(invalid.get());
    }
    ClassCatalog.Resolution resolution = classes.resolve(request.getSpec().getUploadClassName());
    if (!resolution.isFound()) {
      return new ClassMissing(resolution.violation());
    }
    UploadClass uploadClass = resolution.uploadClass();
    String className = uploadClass.getMetadata().getName();
    UploadClassSpec classSpec = uploadClass.getSpec();
    Optional<Condition> classReady =
        uploadClass.getStatus() == null
            ? Optional.empty()
            : uploadClass.getStatus().findCondition(ConditionTypes.READY);
    if (classReady.isEmpty() || !ConditionTypes.STATUS_TRUE.equals(classReady.get().getStatus())) {
      String why =
          classReady
              .map(c -> c.getReason() + ": " + c.getMessage())
              .orElse("it has not been probed yet");
      return new ClassNotReady(
          "waiting for UploadClass "
              + className
              + " to be Ready ("
              + Reasons.CLASS_NOT_READY
              + "): "
              + why);
    }
    String namespace = request.getMetadata().getNamespace();
    // Asked only when the class has a selector: a GET of the namespace otherwise saved.
    Map<String, String> labels =
        classSpec.getNamespaceSelector() == null ? Map.of() : namespaceLabels.of(namespace);
    Optional<Violation> denied =
        policy.checkAgainstClass(request.getSpec(), classSpec, className, labels, namespace);
    if (denied.isPresent()) {
      return new Refused(denied.get());
    }
    return new Ready(uploadClass, policy.isMultipart(request.getSpec(), classSpec));
  }

  /** One of {@link Refused}, {@link ClassMissing}, {@link ClassNotReady} or {@link Ready}. */
  public sealed interface Verdict permits Refused, ClassMissing, ClassNotReady, Ready {}

  /** The spec is invalid, or its class does not allow it: the request fails. */
  public record Refused(Violation violation) implements Verdict {}

  /** No such class (yet): the violation says which and how to fix it. */
  public record ClassMissing(Violation violation) implements Verdict {}

  /** The class exists but cannot sign yet; {@code message} says why, for the Ready condition. */
  public record ClassNotReady(String message) implements Verdict {}

  /** Everything holds: sign with this class, as one form or as a multipart upload. */
  public record Ready(UploadClass uploadClass, boolean multipart) implements Verdict {
    public String className() {
      return uploadClass.getMetadata().getName();
    }

    public UploadClassSpec classSpec() {
      return uploadClass.getSpec();
    }
  }
}
