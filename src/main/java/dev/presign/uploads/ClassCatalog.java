package dev.presign.uploads;

import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.fields.UploadField;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the UploadClass of a request: the one it names, or the default class (annotation {@code
 * uploads.presign.dev/is-default-class: "true"}). With several defaults the newest wins, as
 * Kubernetes does for StorageClasses.
 */
public final class ClassCatalog {
  private final Function<String, Optional<UploadClass>> byName;
  private final Supplier<Stream<UploadClass>> all;

  public ClassCatalog(
      Function<String, Optional<UploadClass>> byName, Supplier<Stream<UploadClass>> all) {
    this.byName = byName;
    this.all = all;
  }

  public Optional<UploadClass> byName(String name) {
    return byName.apply(name);
  }

  /**
   * @return the class, or a violation saying which class is missing and how to fix it
   */
  public Resolution resolve(String requestedName) {
    if (requestedName != null && !requestedName.isBlank()) {
      return byName(requestedName)
          .map(Resolution::found)
          .orElseGet(
              () ->
                  Resolution.missing(
                      Violation.failed(
                          Reasons.CLASS_NOT_FOUND,
                          UploadField.UPLOAD_CLASS,
                          "UploadClass "
                              + requestedName
                              + " does not exist; `kubectl get uploadclasses` lists the classes")));
    }
    List<UploadClass> defaults =
        all.get()
            .filter(UploadClass::isDefaultClass)
            .sorted(newestFirst())
            .collect(Collectors.toList());
    if (defaults.isEmpty()) {
      return Resolution.missing(
          Violation.failed(
              Reasons.NO_DEFAULT_CLASS,
              UploadField.UPLOAD_CLASS,
              "no UploadClass is annotated "
                  + UploadClass.IS_DEFAULT_CLASS_ANNOTATION
                  + "=true; name a class in spec.uploadClassName"));
    }
    return Resolution.found(defaults.get(0));
  }

  private static Comparator<UploadClass> newestFirst() {
    Comparator<UploadClass> byCreation =
        Comparator.comparing(
            c ->
                c.getMetadata().getCreationTimestamp() == null
                    ? ""
                    : c.getMetadata().getCreationTimestamp());
    return byCreation.reversed().thenComparing(c -> c.getMetadata().getName());
  }

  /** Either a class or the violation that says why there is none. */
  public record Resolution(UploadClass uploadClass, Violation violation) {
    static Resolution found(UploadClass uploadClass) {
      return new Resolution(uploadClass, null);
    }

    static Resolution missing(Violation violation) {
      return new Resolution(null, violation);
    }

    public boolean isFound() {
      return uploadClass != null;
    }
  }
}
