package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code PRESIGN_WATCH_NAMESPACES} set (the chart's {@code watchNamespaces}), the reconciler
 * still sees the cluster-scoped UploadClasses: an upload is confirmed without {@code /complete}.
 * Before the fix the class informer followed the watched namespaces, found no class, and every
 * issued request ended Expired although its file had arrived.
 */
class WatchNamespacesIT {
  private static OperatorFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture =
        OperatorFixture.startWithSettings(
            Map.of("PRESIGN_WATCH_NAMESPACES", OperatorFixture.NAMESPACE));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void anUploadInAWatchedNamespaceIsConfirmedByTheReconciler() throws Exception {
    byte[] content = "watched".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    fixture.create("watched", new UploadRequestSpec("watched.txt", content.length));
    UploadRequest issued = fixture.awaitPhase("watched", Phase.ISSUED);

    var post = issued.getStatus().getPresignedPost();
    assertThat(
            new MultipartForm()
                .fields(post.getFields())
                .file("watched.txt", issued.getStatus().getFileType(), content)
                .postTo(post.getUrl())
                .statusCode())
        .isBetween(200, 299);

    UploadRequest uploaded = fixture.awaitPhase("watched", Phase.UPLOADED);
    assertThat(uploaded.getStatus().getObject().getSize()).isEqualTo(content.length);
  }
}
