package dev.presign.bench;

import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.uploads.CachedUploadRequests;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Heap per cached UploadRequest, as an informer holds it before and after {@link
 * CachedUploadRequests} prunes it, measured in one JVM run. The object is an Issued request as a
 * real kube-apiserver (e2e/) answers it: created through the HTTP API (created-by annotation),
 * status written by the operator, both managedFields entries. Each copy is parsed from the JSON on
 * its own, as an informer parses each watch event, so no string is shared that an informer would
 * not share. Then the same with a 256 KiB annotation added (the hostile case of issue 13).
 *
 * <p>Heap is measured after two {@code System.gc()} ({@link MemoryFigures}); per request = (heap
 * with the N copies held - heap without them) / N.
 *
 * <p>Usage: {@code scripts/bench-cache-heap.sh [--requests=10000] [--hostile-requests=1000]
 * [--histogram]}
 */
public final class CachedRequestHeapBenchmark {
  static final String ISSUED_JSON = "/bench/issued-uploadrequest.json";
  private static final int HOSTILE_ANNOTATION_BYTES = 262_000;

  private CachedRequestHeapBenchmark() {}

  public static void main(String[] args) {
    BenchMain.exit(args, "heap benchmark failed", CachedRequestHeapBenchmark::run);
  }

  private static boolean run(Map<String, String> options) throws Exception {
    int requests = Integer.parseInt(options.getOrDefault("requests", "10000"));
    int hostile = Integer.parseInt(options.getOrDefault("hostile-requests", "1000"));
    KubernetesSerialization json = new KubernetesSerialization();
    String issued = issuedJson();
    CachedUploadRequests cache = new CachedUploadRequests();

    System.out.printf("JVM: %s %s%n", System.getProperty("java.vm.name"), Runtime.version());
    System.out.printf("one Issued request as JSON: %,d bytes%n", issued.length());
    // Warm-up: the first use of the pruning path loads classes whose static tables (about 10 MiB,
    // once per JVM) would otherwise be charged to the first measurement.
    cache.pruned(json.unmarshal(issued, UploadRequest.class));
    boolean histogram = options.containsKey("histogram");
    measure("Issued request", issued, requests, json, cache, histogram);
    String bloated = withAnnotation(json, issued, "x".repeat(HOSTILE_ANNOTATION_BYTES));
    measure("Issued request + 256 KiB annotation", bloated, hostile, json, cache, false);
    return true;
  }

  private static void measure(
      String what,
      String body,
      int count,
      KubernetesSerialization json,
      CachedUploadRequests cache,
      boolean histogram)
      throws Exception {
    long empty = MemoryFigures.ofThisJvm().heapUsedAfterGc();
    List<UploadRequest> full = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      full.add(json.unmarshal(body, UploadRequest.class));
    }
    long withFull = MemoryFigures.ofThisJvm().heapUsedAfterGc();
    List<UploadRequest> pruned = new ArrayList<>(count);
    for (UploadRequest request : full) {
      pruned.add(cache.pruned(request));
    }
    full.clear();
    long withPruned = MemoryFigures.ofThisJvm().heapUsedAfterGc();
    if (histogram) {
      // What the pruned copies are made of: the top of the live-object histogram.
      String table =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {null},
                      new String[] {String[].class.getName()});
      table.lines().limit(25).forEach(System.out::println);
    }
    System.out.printf(
        "%s x %,d: whole %,.0f bytes each, pruned %,.0f bytes each (held: %d)%n",
        what,
        count,
        (withFull - empty) / (double) count,
        (withPruned - empty) / (double) count,
        pruned.size() + full.size());
  }

  private static String withAnnotation(KubernetesSerialization json, String body, String value) {
    UploadRequest request = json.unmarshal(body, UploadRequest.class);
    request.getMetadata().getAnnotations().put("example.com/blob", value);
    return json.asJson(request);
  }

  private static String issuedJson() throws Exception {
    try (InputStream in = CachedRequestHeapBenchmark.class.getResourceAsStream(ISSUED_JSON)) {
      if (in == null) {
        throw new IllegalStateException(ISSUED_JSON + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
