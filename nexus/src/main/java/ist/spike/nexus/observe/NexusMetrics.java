package ist.spike.nexus.observe;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Nexus's state as metrics, read at every scrape:
 *
 * <ul>
 *   <li>{@code spike_root_key_state{state="ready"|"waiting"|"restoring"}}: 1 for the current state,
 *       0 for the others
 *   <li>{@code spike_store_commits_total}, {@code spike_store_committed_writes_total}: SQLite
 *       group-commit transactions and the writes they carried (their rate ratio is the mean batch
 *       size); 0 on other backends
 * </ul>
 */
public final class NexusMetrics {
  /** Where Nexus is with its root key. */
  public enum RootKeyState {
    /** The root key is installed: Nexus serves. */
    READY,
    /** No root key and no restore in progress: Nexus polls its Keepers. */
    WAITING,
    /** An operator restore has collected some shards. */
    RESTORING
  }

  private NexusMetrics() {}

  /**
   * Registers the gauges and counters.
   *
   * @param registry the server's registry; not null
   * @param state the current root-key state; not null
   * @param commits store transactions so far; not null
   * @param writes store writes so far; not null
   */
  public static void register(
      MeterRegistry registry,
      Supplier<RootKeyState> state,
      Supplier<Long> commits,
      Supplier<Long> writes) {
    requireNonNull(registry, "registry");
    requireNonNull(state, "state");
    for (RootKeyState s : RootKeyState.values()) {
      Gauge.builder("spike_root_key_state", state, current -> current.get() == s ? 1 : 0)
          .description("1 for Nexus's current root-key state")
          .tag("state", s.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    ToDoubleFunction<Supplier<Long>> read = supplier -> supplier.get();
    FunctionCounter.builder("spike_store_commits", requireNonNull(commits, "commits"), read)
        .description("Store transactions committed (group commits)")
        .register(registry);
    FunctionCounter.builder("spike_store_committed_writes", requireNonNull(writes, "writes"), read)
        .description("Writes carried by committed store transactions")
        .register(registry);
  }
}
