package dev.presign.uploads;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Optional;

/** Small builders of classes and requests for the domain's table tests. */
final class TestUploads {
  static final String UID = "90bd0986-9a98-40a2-9d94-f3f84eef68d0";
  static final String KEY = "media/uploads/90bd09869a9840a29d94f3f84eef68d0-lorem-ipsum.pdf";

  private TestUploads() {}

  static UploadClass uploadClass(String name, String bucket, boolean isDefault) {
    UploadClass uploadClass = new UploadClass();
    uploadClass.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withAnnotations(
                isDefault ? Map.of(UploadClass.IS_DEFAULT_CLASS_ANNOTATION, "true") : Map.of())
            .build());
    UploadClassSpec spec = new UploadClassSpec();
    spec.setBucket(bucket);
    spec.setRegion("us-east-1");
    uploadClass.setSpec(spec);
    return uploadClass;
  }

  /** lorem-ipsum.pdf, 77000 bytes, issued with the key the issuer gives it in the default class. */
  static UploadRequest issued(String specClass) {
    UploadRequest request = new UploadRequest();
    request.setMetadata(
        new ObjectMetaBuilder()
            .withName("lorem-ipsum")
            .withNamespace("team-a")
            .withUid(UID)
            .withResourceVersion("7")
            .withGeneration(1L)
            .build());
    UploadRequestSpec spec = new UploadRequestSpec("lorem-ipsum.pdf", 77000);
    spec.setUploadClassName(specClass);
    request.setSpec(spec);
    UploadRequestStatus status = new UploadRequestStatus();
    status.setPhase(Phase.ISSUED);
    status.setUploadClassName(specClass == null ? "default" : specClass);
    status.setBucket("uploads");
    status.setKey(KEY);
    status.setFileType("application/pdf");
    request.setStatus(status);
    return request;
  }

  static ClassCatalog catalog(UploadClass... classes) {
    return new ClassCatalog(
        name -> {
          for (UploadClass c : classes) {
            if (c.getMetadata().getName().equals(name)) {
              return Optional.of(c);
            }
          }
          return Optional.empty();
        },
        () -> java.util.Arrays.stream(classes));
  }
}
