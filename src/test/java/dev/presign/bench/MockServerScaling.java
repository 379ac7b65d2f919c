package dev.presign.bench;

import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.testing.MockCluster;

/** Temporary probe: how the mock API server's create cost grows with stored objects. */
public final class MockServerScaling {
  public static void main(String[] args) throws Exception {
    try (MockCluster cluster = MockCluster.start()) {
      for (int batch = 0; batch < 6; batch++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
          UploadRequest r = new UploadRequest();
          r.getMetadata().setName("r-" + batch + "-" + i);
          r.getMetadata().setNamespace("ns");
          r.setSpec(new UploadRequestSpec("a.txt", 1));
          cluster.client().resource(r).create();
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
          cluster
              .client()
              .resources(UploadRequest.class)
              .inNamespace("ns")
              .withName("r-" + batch + "-" + i)
              .get();
        }
        long t2 = System.nanoTime();
        System.out.printf(
            "objects %d: create %.2f ms/op, get %.2f ms/op%n",
            (batch + 1) * 1000, (t1 - t0) / 1e6 / 1000, (t2 - t1) / 1e6 / 200);
      }
    }
  }
}
