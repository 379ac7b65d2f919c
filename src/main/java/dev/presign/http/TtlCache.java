package dev.presign.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small LRU map whose entries live for a fixed time: auth answers are reused briefly (so a burst
 * from one pod costs one review) and never grow without bound.
 */
public final class TtlCache<K, V> {
  private final Clock clock;
  private final Duration ttl;
  private final Map<K, Entry<V>> entries;

  public TtlCache(Clock clock, Duration ttl, int maxEntries) {
    this.clock = clock;
    this.ttl = ttl;
    this.entries =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
            return size() > maxEntries;
          }
        };
  }

  public synchronized V get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (!clock.instant().isBefore(entry.expiresAt)) {
      entries.remove(key);
      return null;
    }
    return entry.value;
  }

  public synchronized void put(K key, V value) {
    entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
  }

  public synchronized int size() {
    return entries.size();
  }

  private record Entry<V>(V value, Instant expiresAt) {}
}
