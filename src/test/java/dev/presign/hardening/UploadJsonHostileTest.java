package dev.presign.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.PresignedPost;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.http.UploadJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/uploads/{id} shows whatever the cluster holds. A cluster that does not apply the CRD
 * schema can hold an UploadRequest without a spec, or a status written by hand.
 */
class UploadJsonHostileTest {

  @Test
  void anUploadRequestWithoutSpecIsShown() {
    UploadRequest request = new UploadRequest();
    request.getMetadata().setName("no-spec");
    request.getMetadata().setNamespace("team-a");
    request.getMetadata().setUid("00000000-0000-0000-0000-000000000001");

    Map<String, Object> json = UploadJson.of(request);

    assertThat(json).containsEntry("id", "00000000-0000-0000-0000-000000000001");
    assertThat(json).containsEntry("original_file_name", null).containsEntry("status", "Pending");
  }

  @Test
  void aPartlyWrittenSignedFormIsShown() {
    UploadRequest request = new UploadRequest();
    request.getMetadata().setUid("00000000-0000-0000-0000-000000000002");
    request.setSpec(new UploadRequestSpec("a.pdf", 1));
    UploadRequestStatus status = new UploadRequestStatus();
    status.setPresignedPost(new PresignedPost());
    request.setStatus(status);

    assertThat(UploadJson.of(request)).containsKey("presigned_post_data");
  }
}
