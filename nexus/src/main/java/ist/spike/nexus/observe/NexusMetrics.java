package ist.spike.nexus.observe;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import ist.spike.nexus.rotation.Rekey;
import ist.spike.nexus.rotation.RekeyDriver;
import ist.spike.nexus.rotation.Rotation;
import ist.spike.nexus.rotation.RotationDriver;
import ist.spike.nexus.rotation.RotationPhase;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.WriterStats;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Nexus's state as metrics, read at every scrape:
 *
 * <ul>
 *   <li>{@code spike_root_key_state{state="ready"|"waiting"|"restoring"}}: 1 for the current state,
 *       0 for the others
 *   <li>{@code spike_store_commits_total}, {@code spike_store_committed_writes_total}: group-commit
 *       transactions (SQLite or PostgreSQL) of the current backend and the writes they carried; 0
 *       on the memory and lite backends
 *   <li>{@code spike_store_commit_batch_size}: writes per committed transaction, a histogram with
 *       buckets {@link #BATCH_SIZE_BUCKETS}, fed by {@link #commitBatchSizes}
 *   <li>{@code spike_rotation_phase{phase=...}}, {@code spike_rotation_target_generation}, {@code
 *       spike_rotation_keepers_delivered}, {@code spike_rotation_rows_sealed}, {@code
 *       spike_rotation_rows_resealed}, {@code spike_rotations_completed_total}: the root-key
 *       rotation this process ran or runs ({@link #registerRotation})
 *   <li>{@code spike_rekey_phase{phase=...}}, {@code spike_rekey_target_threshold}, {@code
 *       spike_rekey_keepers_delivered}, {@code spike_rekeys_completed_total}: the rekey this
 *       process ran or runs ({@link #registerRekey})
 *   <li>{@code spike_key_run_failed_attempts{run="rekey"|"rotation"}}: consecutive failed attempts
 *       of a stopped run waiting for its background resume, 0 when none waits ({@link
 *       #registerKeyRunRetries}); each scheduled resume is also counted by {@code
 *       spike_key_run_retries_total} ({@link RecordedNexusEvents})
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

  /** The upper bounds of the batch-size histogram's buckets (besides {@code +Inf}). */
  public static final double[] BATCH_SIZE_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

  private NexusMetrics() {}

  /**
   * Registers the batch-size histogram and returns the listener to open backends with ({@code
   * BackendFactory.open(config, key, listener)}): every batch a group-commit writer commits is
   * recorded as one observation of its number of writes.
   *
   * @param registry the server's registry; not null
   * @return a thread-safe listener of committed batch sizes
   */
  public static IntConsumer commitBatchSizes(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    DistributionSummary summary =
        DistributionSummary.builder("spike_store_commit_batch_size")
            .description("Writes per committed store transaction (group-commit batch size)")
            .serviceLevelObjectives(BATCH_SIZE_BUCKETS)
            .register(registry);
    return summary::record;
  }

  /**
   * Registers the gauges and counters.
   *
   * @param registry the server's registry; not null
   * @param state the current root-key state; not null
   * @param backend the current backend (empty before the root key); not null, and kept by the
   *     caller (Micrometer holds function counters' objects weakly)
   */
  public static void register(
      MeterRegistry registry, Supplier<RootKeyState> state, AtomicReference<Backend> backend) {
    requireNonNull(registry, "registry");
    requireNonNull(state, "state");
    for (RootKeyState s : RootKeyState.values()) {
      Gauge.builder("spike_root_key_state", state, current -> current.get() == s ? 1 : 0)
          .description("1 for Nexus's current root-key state")
          .tag("state", s.name().toLowerCase(Locale.ROOT))
          .strongReference(true)
          .register(registry);
    }
    requireNonNull(backend, "backend");
    ToDoubleFunction<AtomicReference<Backend>> commits = b -> WriterStats.commits(b.get());
    ToDoubleFunction<AtomicReference<Backend>> writes = b -> WriterStats.writes(b.get());
    FunctionCounter.builder("spike_store_commits", backend, commits)
        .description("Store transactions committed (group commits)")
        .register(registry);
    FunctionCounter.builder("spike_store_committed_writes", backend, writes)
        .description("Writes carried by committed store transactions")
        .register(registry);
  }

  /**
   * Registers the root-key rotation's progress (ADR-0162), read from the driver at every scrape:
   * {@code spike_rotation_phase{phase}} is 1 for the phase of the rotation this process runs or ran
   * last and 0 for the others (all 0 before any), {@code spike_rotation_target_generation} the
   * generation it goes to (0 before any), {@code spike_rotation_keepers_delivered}, {@code
   * spike_rotation_rows_sealed} (the rows to re-seal: sealed rows when its re-seal began) and
   * {@code spike_rotation_rows_resealed} its counts, and {@code spike_rotations_completed_total}
   * the rotations this process brought to {@code done}.
   *
   * @param registry the server's registry; not null
   * @param driver the rotation driver; not null, held strongly by the meters
   */
  public static void registerRotation(MeterRegistry registry, RotationDriver driver) {
    requireNonNull(registry, "registry");
    requireNonNull(driver, "driver");
    for (RotationPhase p : RotationPhase.values()) {
      Gauge.builder(
              "spike_rotation_phase",
              driver,
              d -> d.status().rotation().map(Rotation::phase).filter(p::equals).isPresent() ? 1 : 0)
          .description("1 for the phase of the current or last root-key rotation")
          .tag("phase", p.name().toLowerCase(Locale.ROOT))
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder(
            "spike_rotation_target_generation",
            driver,
            d -> d.status().rotation().map(Rotation::to).orElse(0))
        .description("The root-key generation the current or last rotation goes to (0: none)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("spike_rotation_keepers_delivered", driver, d -> d.status().delivered())
        .description("Keepers given a new shard by the current or last rotation")
        .strongReference(true)
        .register(registry);
    Gauge.builder("spike_rotation_rows_resealed", driver, d -> d.status().resealed())
        .description("Stored rows re-sealed under the new key by the current or last rotation")
        .strongReference(true)
        .register(registry);
    Gauge.builder("spike_rotation_rows_sealed", driver, d -> d.status().sealedRows())
        .description(
            "Sealed rows the store held when the current or last rotation began re-sealing")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder("spike_rotations_completed", driver, RotationDriver::completed)
        .description("Root-key rotations this process brought to done")
        .register(registry);
  }

  /**
   * Registers the rekey gauges and counter (ADR-0163) of the rekey this process runs or ran last.
   *
   * @param registry the server's registry; not null
   * @param driver the rekey driver; not null
   */
  public static void registerRekey(MeterRegistry registry, RekeyDriver driver) {
    requireNonNull(registry, "registry");
    requireNonNull(driver, "driver");
    for (RotationPhase p :
        List.of(RotationPhase.PENDING, RotationPhase.DELIVERING, RotationPhase.DONE)) {
      Gauge.builder(
              "spike_rekey_phase",
              driver,
              d -> d.status().rekey().map(Rekey::phase).filter(p::equals).isPresent() ? 1 : 0)
          .description("1 for the phase of the current or last rekey")
          .tag("phase", p.name().toLowerCase(Locale.ROOT))
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder(
            "spike_rekey_target_threshold",
            driver,
            d -> d.status().rekey().map(r -> r.to().threshold()).orElse(0))
        .description("The threshold the current or last rekey goes to (0: none)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("spike_rekey_keepers_delivered", driver, d -> d.status().delivered())
        .description("Keepers given a shard of the new split by the current or last rekey")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder("spike_rekeys_completed", driver, RekeyDriver::completed)
        .description("Rekeys this process brought to done")
        .register(registry);
  }

  /**
   * Registers the gauge of stopped rekeys and rotations waiting for their background resume
   * (ADR-0230): an alert on it finds a run that a Keeper has held up for long.
   *
   * @param registry the server's registry; not null
   * @param service the service that resumes them; not null
   */
  public static void registerKeyRunRetries(MeterRegistry registry, RotationService service) {
    requireNonNull(registry, "registry");
    requireNonNull(service, "service");
    for (String run : List.of(RotationService.REKEY, RotationService.ROTATION)) {
      Gauge.builder(
              "spike_key_run_failed_attempts",
              service,
              s -> s.retry(run).map(RotationService.Retry::failures).orElse(0))
          .description("Consecutive failed attempts of a stopped run waiting to be resumed")
          .tag("run", keyRunLabel(run))
          .strongReference(true)
          .register(registry);
    }
  }

  /** The {@code run} label of a key run: {@code rekey} or {@code rotation}. */
  static String keyRunLabel(String run) {
    return RotationService.ROTATION.equals(run) ? "rotation" : run;
  }
}
