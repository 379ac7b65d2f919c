package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import org.junit.jupiter.api.Test;

class OutstandingCountsTest {
  private static UploadRequest request(String namespace, String name, Phase phase) {
    UploadRequest request = new UploadRequest();
    request.getMetadata().setNamespace(namespace);
    request.getMetadata().setName(name);
    if (phase != null) {
      UploadRequestStatus status = new UploadRequestStatus();
      status.setPhase(phase);
      request.setStatus(status);
    }
    return request;
  }

  @Test
  void countsUnfinishedRequestsPerNamespaceThroughTheirLifecycle() {
    OutstandingCounts counts = new OutstandingCounts();
    UploadRequest fresh = request("team-a", "a", null);
    UploadRequest issued = request("team-a", "a", Phase.ISSUED);
    UploadRequest uploaded = request("team-a", "a", Phase.UPLOADED);
    counts.added(fresh);
    counts.added(request("team-a", "b", Phase.PENDING));
    counts.added(request("team-a", "c", Phase.EXPIRED));
    counts.added(request("team-b", "d", Phase.ISSUED));
    assertThat(counts.in("team-a")).isEqualTo(2);
    assertThat(counts.in("team-b")).isEqualTo(1);
    assertThat(counts.in("team-c")).isZero();

    counts.updated(fresh, issued);
    assertThat(counts.in("team-a")).as("Pending -> Issued is still unfinished").isEqualTo(2);
    counts.updated(issued, uploaded);
    assertThat(counts.in("team-a")).isEqualTo(1);
    counts.deleted(uploaded);
    assertThat(counts.in("team-a")).as("a finished request was not counted").isEqualTo(1);
    counts.deleted(request("team-a", "b", Phase.PENDING));
    assertThat(counts.in("team-a")).isZero();
  }

  @Test
  void failedAndExpiredAreFinished() {
    assertThat(OutstandingCounts.isOutstanding(request("x", "a", Phase.FAILED))).isFalse();
    assertThat(OutstandingCounts.isOutstanding(request("x", "a", Phase.EXPIRED))).isFalse();
    assertThat(OutstandingCounts.isOutstanding(request("x", "a", Phase.UPLOADED))).isFalse();
    assertThat(OutstandingCounts.isOutstanding(request("x", "a", null))).isTrue();
  }
}
