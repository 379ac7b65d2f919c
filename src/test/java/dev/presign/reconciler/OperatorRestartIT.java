package dev.presign.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import org.junit.jupiter.api.Test;

class OperatorRestartIT {
  @Test
  void restartingMidFlightNeverSignsAgainAndLosesNothing() throws Exception {
    try (OperatorFixture fixture = OperatorFixture.start()) {
      fixture.create("survivor", new UploadRequestSpec("survivor.txt", 5));
      UploadRequest issued = fixture.awaitPhase("survivor", Phase.ISSUED);
      String statusPath =
          "/namespaces/" + OperatorFixture.NAMESPACE + "/uploadrequests/survivor/status";
      long patchesBefore = fixture.cluster.count("PATCH", statusPath);

      fixture.stopOperator();
      fixture.create("while-down", new UploadRequestSpec("late.txt", 4));
      fixture.startOperator();

      fixture.awaitPhase("while-down", Phase.ISSUED);
      Thread.sleep(1000);
      UploadRequest after = fixture.get("survivor");
      assertThat(after.getStatus()).isEqualTo(issued.getStatus());
      assertThat(after.getStatus().getPresignedPost().getFields().get("x-amz-signature"))
          .isEqualTo(issued.getStatus().getPresignedPost().getFields().get("x-amz-signature"));
      assertThat(fixture.cluster.count("PATCH", statusPath)).isEqualTo(patchesBefore);

      var post = issued.getStatus().getPresignedPost();
      assertThat(
              new MultipartForm()
                  .fields(post.getFields())
                  .file("survivor.txt", "text/plain", "12345".getBytes())
                  .postTo(post.getUrl())
                  .statusCode())
          .isBetween(200, 299);
      assertThat(fixture.awaitPhase("survivor", Phase.UPLOADED).getStatus().getObject().getSize())
          .isEqualTo(5);
    }
  }
}
