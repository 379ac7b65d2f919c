package dev.presign.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The mock API server hands out random uids, as a real one does, and the same one in the create's
 * answer, in the store and in the watch event (the fabric8 mock's own are a counter from zero, so
 * they repeat on every start).
 */
class MockClusterUidsTest {
  @Test
  void uidsAreRandomAndTheSameEverywhere() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int cluster = 0; cluster < 2; cluster++) {
      try (MockCluster mock = MockCluster.start()) {
        mock.createNamespace("ns");
        CompletableFuture<String> watched = new CompletableFuture<>();
        try (Watch watch =
            mock.client()
                .configMaps()
                .inNamespace("ns")
                .watch(
                    new Watcher<>() {
                      @Override
                      public void eventReceived(Action action, ConfigMap resource) {
                        if (action == Action.ADDED) {
                          watched.complete(resource.getMetadata().getUid());
                        }
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    })) {
          ConfigMap created =
              mock.client()
                  .configMaps()
                  .inNamespace("ns")
                  .resource(
                      new ConfigMapBuilder().withNewMetadata().withName("a").endMetadata().build())
                  .create();
          String uid = created.getMetadata().getUid();
          assertThat(UUID.fromString(uid).version()).as(uid).isEqualTo(4);
          assertThat(
                  mock.client()
                      .configMaps()
                      .inNamespace("ns")
                      .withName("a")
                      .get()
                      .getMetadata()
                      .getUid())
              .isEqualTo(uid);
          assertThat(watched.get(10, TimeUnit.SECONDS)).isEqualTo(uid);
          assertThat(seen.add(uid)).as("a uid seen on an earlier start: " + uid).isTrue();
          // Updates keep the uid; deletions (stored as no object) still go through.
          ConfigMap updated =
              mock.client()
                  .configMaps()
                  .inNamespace("ns")
                  .withName("a")
                  .edit(c -> new ConfigMapBuilder(c).addToData("k", "v").build());
          assertThat(updated.getMetadata().getUid()).isEqualTo(uid);
          assertThat(mock.client().configMaps().inNamespace("ns").withName("a").delete())
              .isNotEmpty();
          assertThat(mock.client().configMaps().inNamespace("ns").withName("a").get()).isNull();
          assertThat(
                  seen.add(mock.client().namespaces().withName("ns").get().getMetadata().getUid()))
              .isTrue();
        }
      }
    }
  }
}
