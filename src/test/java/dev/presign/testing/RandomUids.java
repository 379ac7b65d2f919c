package dev.presign.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Random uids for the mock API server, as a real one assigns them. The fabric8 mock server's CRUD
 * store (its PostHandler) takes each new object's uid from {@code Utils.generateId()}, a counter
 * from zero ({@code 00000000-0000-0000-0000-00000000006f}): every restart of local mode then hands
 * out the same uids, so object keys (which start with the uid) repeat and files in the local bucket
 * are overwritten. The store cannot be given another generator, so the counter uid is swapped for a
 * random one where the created object is stored (and watched), and then in the answer to the
 * create.
 */
final class RandomUids {
  private static final String UID_FIELD = "\"uid\":\"";

  /** Counter uid → the random uid it became, until the create's answer is rewritten. */
  private final Map<String, String> assigned = new ConcurrentHashMap<>();

  /**
   * The JSON to store for {@code resource}: unchanged, unless the store just gave it a counter uid,
   * which is then replaced in both.
   */
  String stored(HasMetadata resource, String json) {
    // A deletion is stored as no resource and no JSON.
    String uid =
        resource == null || resource.getMetadata() == null || json == null
            ? null
            : resource.getMetadata().getUid();
    if (!isCounterUid(uid)) {
      return json;
    }
    String random = UUID.randomUUID().toString();
    assigned.put(uid, random);
    resource.getMetadata().setUid(random);
    return json.replace(UID_FIELD + uid + "\"", UID_FIELD + random + "\"");
  }

  /** The store's answer to a create, with the uid the object was stored under. */
  MockResponse answered(MockResponse response) {
    if (assigned.isEmpty() || response == null || response.getBody() == null) {
      return response;
    }
    String body = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    for (Map.Entry<String, String> entry : assigned.entrySet()) {
      String counter = UID_FIELD + entry.getKey() + "\"";
      if (body.contains(counter)) {
        assigned.remove(entry.getKey());
        return response.setBody(body.replace(counter, UID_FIELD + entry.getValue() + "\""));
      }
    }
    return response;
  }

  /** The mock's counter uids have no version bits: a real (random, v4) uid never looks so. */
  private static boolean isCounterUid(String uid) {
    if (uid == null) {
      return false;
    }
    try {
      return UUID.fromString(uid).getMostSignificantBits() == 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
