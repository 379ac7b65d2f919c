package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class UploadRequestCopiesTest {
  private final UploadRequestCopies copies = new UploadRequestCopies(new KubernetesSerialization());

  @Test
  void anUploadRequestIsCopiedShallowlyAndTheCopysSettersLeaveTheCachedOneAlone() {
    UploadRequest cached = new UploadRequest();
    cached.getMetadata().setName("a");
    cached.setSpec(new UploadRequestSpec("a.pdf", 1L));
    UploadRequestStatus status = new UploadRequestStatus();
    cached.setStatus(status);

    UploadRequest copy = copies.clone(cached);

    assertThat(copy).isNotSameAs(cached);
    assertThat(copy.getSpec()).isSameAs(cached.getSpec());
    assertThat(copy.getStatus()).isSameAs(status);
    copy.setStatus(new UploadRequestStatus());
    copy.setSpec(null);
    assertThat(cached.getStatus()).isSameAs(status);
    assertThat(cached.getSpec().getOriginalFileName()).isEqualTo("a.pdf");
  }

  @Test
  void otherResourcesKeepJosdksDeepCopy() {
    UploadClass cached = new UploadClass();
    cached.getMetadata().setName("c");
    UploadClassSpec spec = new UploadClassSpec();
    spec.setBucket("uploads");
    cached.setSpec(spec);

    UploadClass copy = copies.clone(cached);

    assertThat(copy).isNotSameAs(cached);
    assertThat(copy.getSpec()).isNotSameAs(spec);
    assertThat(copy.getSpec().getBucket()).isEqualTo("uploads");
    assertThat(copy.getMetadata()).isNotSameAs(cached.getMetadata());
  }
}
