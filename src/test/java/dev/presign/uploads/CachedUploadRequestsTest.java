package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pruned copy's tricks (shared strings, a shared shell, immutable empty maps, a compact
 * condition list) change how a request is held, never what is read or written back: the request of
 * the heap benchmark, as the e2e API server answered it, is pruned and compared as JSON.
 */
class CachedUploadRequestsTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final ObjectMapper TREE = new ObjectMapper();
  private final CachedUploadRequests cache = new CachedUploadRequests();

  @Test
  void prunedRequestSerializesToTheSameSpecAndStatus() throws Exception {
    String body = issuedJson();
    UploadRequest pruned = cache.pruned(JSON.unmarshal(body, UploadRequest.class));
    JsonNode original = TREE.readTree(body);
    JsonNode written = TREE.readTree(JSON.asJson(pruned));

    assertThat(written.get("status")).isEqualTo(original.get("status"));
    assertThat(written.get("spec")).isEqualTo(original.get("spec"));
    assertThat(written.get("apiVersion")).isEqualTo(original.get("apiVersion"));
    assertThat(written.get("kind")).isEqualTo(original.get("kind"));
    JsonNode metadata = written.get("metadata");
    for (String kept :
        new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      assertThat(metadata.get(kept)).as(kept).isEqualTo(original.get("metadata").get(kept));
    }
    assertThat(metadata.get("annotations")).isEqualTo(original.get("metadata").get("annotations"));
    assertThat(metadata.has("managedFields")).isFalse();
    // JsonNode equality ignores order; the HTTP API answers the form's fields in cached order.
    assertThat(fieldNames(written)).containsExactlyElementsOf(fieldNames(original));
    assertThat(fieldNames(written)).first().isEqualTo("Content-Type");
  }

  private static List<String> fieldNames(JsonNode request) {
    List<String> names = new ArrayList<>();
    request
        .get("status")
        .get("presignedPost")
        .get("fields")
        .fieldNames()
        .forEachRemaining(names::add);
    return names;
  }

  @Test
  void prunedCopiesShareFabric8sTypeStringsAndKeepTheirValues() throws Exception {
    String body = issuedJson();
    UploadRequest first = cache.pruned(JSON.unmarshal(body, UploadRequest.class));
    UploadRequest second = cache.pruned(JSON.unmarshal(body, UploadRequest.class));
    UploadRequest fresh = new UploadRequest();

    assertThat(second.getPlural()).isSameAs(first.getPlural()).isEqualTo(fresh.getPlural());
    assertThat(second.getCRDName()).isSameAs(first.getCRDName()).isEqualTo(fresh.getCRDName());
    assertThat(second.getApiVersion())
        .isSameAs(first.getApiVersion())
        .isEqualTo(fresh.getApiVersion());
    assertThat(second.getSingular()).isEqualTo(fresh.getSingular());
    assertThat(second.getKind()).isEqualTo("UploadRequest");
    // Each copy has its own metadata, spec and status, not the shell's nor the other copy's.
    assertThat(second.getMetadata()).isNotSameAs(first.getMetadata());
    assertThat(second.getStatus()).isNotSameAs(first.getStatus());
    assertThat(second.getMetadata().getName()).isEqualTo("upload-tmbrmvgwvv5n");
  }

  /**
   * The cached status's condition list and maps are immutable now: the next status (built from the
   * cached one) and JOSDK's clone must not change them in place.
   */
  @Test
  void nextStatusAndCloneAreBuiltFromAPrunedRequest() throws Exception {
    UploadRequest pruned = cache.pruned(JSON.unmarshal(issuedJson(), UploadRequest.class));
    UploadRequestStatus before = JSON.clone(pruned.getStatus());
    UploadRequestStatuses statuses =
        new UploadRequestStatuses(
            new ConditionSetter(
                Clock.fixed(Instant.parse("2026-12-05T04:00:00Z"), ZoneOffset.UTC)));

    UploadRequestStatus expired = statuses.expired(pruned);
    UploadRequest clone = JSON.clone(pruned);
    clone.getStatus().getConditions().get(0).setAdditionalProperty("x", "y");

    assertThat(expired.getPhase()).isEqualTo(Phase.EXPIRED);
    assertThat(expired.findCondition("Ready").orElseThrow().getReason()).isEqualTo("Expired");
    assertThat(clone.getStatus().getConditions()).hasSize(1);
    assertThat(pruned.getStatus()).isEqualTo(before);
    assertThat(pruned.getStatus().getConditions().get(0).getAdditionalProperties()).isEmpty();
  }

  @Test
  void aRequestIsFoundByUidWhileItIsUpdatedOnAnotherThread() throws Exception {
    CachedUploadRequests.ByUid store = cache.itemStoreByUid();
    String json = issuedJson();
    UploadRequest request = JSON.unmarshal(json, UploadRequest.class);
    String uid = request.getMetadata().getUid();
    String key = store.getKey(request);
    store.put(key, request);

    // fabric8's indexer drops and re-adds the uid on every update; this store must not.
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < 20_000; i++) {
                UploadRequest next = JSON.unmarshal(json, UploadRequest.class);
                next.getMetadata().setResourceVersion(Integer.toString(i));
                store.put(key, next);
              }
              done.set(true);
            });
    writer.start();
    long lookups = 0;
    long misses = 0;
    while (!done.get()) {
      lookups++;
      if (store.byUid(uid).isEmpty()) {
        misses++;
      }
    }
    writer.join();

    assertThat(lookups).isPositive();
    assertThat(misses).as("lookups by uid that found nothing during %d updates", 20_000).isZero();
  }

  @Test
  void aRemovedOrReplacedRequestIsNoLongerFoundByItsUid() throws Exception {
    CachedUploadRequests.ByUid store = cache.itemStoreByUid();
    UploadRequest first = JSON.unmarshal(issuedJson(), UploadRequest.class);
    String key = store.getKey(first);
    store.put(key, first);
    UploadRequest second = JSON.unmarshal(issuedJson(), UploadRequest.class);
    second.getMetadata().setUid("00000000-0000-0000-0000-000000000002");

    store.put(key, second); // deleted and made again under the same name

    assertThat(store.byUid(first.getMetadata().getUid())).isEmpty();
    assertThat(store.byUid("00000000-0000-0000-0000-000000000002")).isPresent();
    store.remove(key);
    assertThat(store.byUid("00000000-0000-0000-0000-000000000002")).isEmpty();
  }

  private static String issuedJson() throws Exception {
    try (InputStream in =
        CachedUploadRequestsTest.class.getResourceAsStream("/bench/issued-uploadrequest.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void onlyTheOperatorsOwnFinalizerIsKept() {
    UploadRequest request = TestUploads.issued(null);
    request.getMetadata().setFinalizers(List.of("example.com/keep", MultipartFinalizer.NAME));
    assertThat(cache.pruned(request).getMetadata().getFinalizers())
        .containsExactly(MultipartFinalizer.NAME);

    request.getMetadata().setFinalizers(List.of("example.com/keep"));
    assertThat(cache.pruned(request).getMetadata().getFinalizers()).isEmpty();
  }
}
