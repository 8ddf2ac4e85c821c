package ist.spike.client;

import static java.util.Objects.requireNonNull;

import ist.spike.client.error.SpikeException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The optional read-through cache of {@link Secrets#get(String)}: an answer (a value or "not
 * found") is served for at most {@code ttl} after it was read from Nexus. A daemon thread reads
 * every cached path again each {@code ttl / 2}, so callers of a path in use rarely wait; a failed
 * refresh keeps the previous answer until it expires, then {@code get} asks Nexus itself and
 * reports its failure. Writes through the same client drop the path. At most {@code maxEntries}
 * paths are kept; {@link #close()} clears them and stops the thread.
 */
final class SecretCache implements AutoCloseable {
  /** Reads a path from Nexus. */
  @FunctionalInterface
  interface Loader {
    Optional<Map<String, String>> load(String path) throws SpikeException;
  }

  private record Entry(Optional<Map<String, String>> value, long loadedNanos) {}

  private final Duration ttl;
  private final int maxEntries;
  private final Loader loader;
  private final LongSupplier clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher;

  SecretCache(Duration ttl, int maxEntries, Loader loader, LongSupplier clock, boolean background) {
    this.ttl = requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("cache TTL must be positive, got " + ttl);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("cache size must be at least 1, got " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.loader = requireNonNull(loader, "loader");
    this.clock = requireNonNull(clock, "clock");
    if (background) {
      this.refresher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "spike-sdk-cache-refresh");
                t.setDaemon(true);
                return t;
              });
      long period = Math.max(1, ttl.toMillis() / 2);
      refresher.scheduleWithFixedDelay(this::refreshAll, period, period, TimeUnit.MILLISECONDS);
    } else {
      this.refresher = null;
    }
  }

  /** Returns the cached answer if younger than the TTL, otherwise reads Nexus and caches it. */
  Optional<Map<String, String>> get(String path) throws SpikeException {
    Entry e = entries.get(path);
    Optional<Map<String, String>> value =
        e != null && clock.getAsLong() - e.loadedNanos() < ttl.toNanos() ? e.value() : load(path);
    return value.map(m -> new TreeMap<>(m)); // each caller gets its own copy
  }

  /** Drops a path (after a write through this client). */
  void invalidate(String path) {
    entries.remove(path);
  }

  /** Reads every cached path again; failures keep the previous answer until it expires. */
  void refreshAll() {
    for (String path : entries.keySet()) {
      try {
        load(path);
      } catch (SpikeException | RuntimeException e) {
        // keep the previous answer; get() reports the failure once it has expired
      }
    }
  }

  int size() {
    return entries.size();
  }

  private Optional<Map<String, String>> load(String path) throws SpikeException {
    Optional<Map<String, String>> value = loader.load(path);
    if (!entries.containsKey(path) && entries.size() >= maxEntries) {
      entries.keySet().stream().findAny().ifPresent(entries::remove);
    }
    entries.put(path, new Entry(value, clock.getAsLong()));
    return value;
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
    entries.clear();
  }

  @Override
  public String toString() {
    return "SecretCache[ttl=" + ttl + ", " + entries.size() + " paths]";
  }
}
