package ist.spike.nexus.observe;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ist.spike.server.audit.AuditTrail;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes Nexus's lifecycle events to its audit trail and counts them:
 *
 * <ul>
 *   <li>{@code spike_root_key_installs_total{source}}
 *   <li>{@code spike_restore_attempts_total{result="accepted"|"refused"}}
 *   <li>{@code spike_recover_total}
 *   <li>{@code spike_keeper_checks_total{keeper, result="holds_shard"|"empty"|"unreachable"}}
 *   <li>{@code spike_keeper_seeds_total{keeper, result="ok"|"failed"}}
 * </ul>
 *
 * Each recorded rotation or rekey phase and each scheduled resume of a stopped run is audited
 * ({@code root_key_rotation}, {@code rekey}, {@code key_run_retry}; ADR-0230); their metrics are
 * {@link NexusMetrics}'s, and each scheduled resume is counted by {@code
 * spike_key_run_retries_total{run="rekey"|"rotation"}}.
 *
 * <p>Keeper checks are counted only (Nexus checks every Keeper on every poll); Keeper seeding is
 * audited when a Keeper's result changes (the first seeding, a failure, the recovery), and counted
 * every time.
 */
public final class RecordedNexusEvents implements NexusEvents {
  private final AuditTrail audit;
  private final MeterRegistry registry;
  private final Map<String, Boolean> lastSeed = new ConcurrentHashMap<>();

  /**
   * @param audit where events are written; not null
   * @param registry where they are counted; not null
   */
  public RecordedNexusEvents(AuditTrail audit, MeterRegistry registry) {
    this.audit = requireNonNull(audit, "audit");
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public void rootKeyInstalled(String source) {
    audit.event("root_key_rebuilt", "ok", Map.of("source", source));
    Counter.builder("spike_root_key_installs")
        .description("Root keys rebuilt and installed, by source")
        .tag("source", source)
        .register(registry)
        .increment();
  }

  @Override
  public void restoreShard(
      boolean accepted, int shardId, int collected, int remaining, String reason) {
    audit.event(
        "restore_shard",
        accepted ? "ok" : "refused",
        Map.of(
            "shard_id", Integer.toString(shardId),
            "collected", Integer.toString(collected),
            "remaining", Integer.toString(remaining),
            "reason", reason));
    Counter.builder("spike_restore_attempts")
        .description("Restore shard submissions, by result")
        .tag("result", accepted ? "accepted" : "refused")
        .register(registry)
        .increment();
  }

  @Override
  public void recoverHandedOut(String peer, int count) {
    audit.event("recover", "ok", Map.of("peer", peer, "shards", Integer.toString(count)));
    Counter.builder("spike_recover")
        .description("Recovery shard sets handed to operators")
        .register(registry)
        .increment();
  }

  @Override
  public void rotationPhase(int from, int to, String phase) {
    audit.event(
        "root_key_rotation",
        phase,
        Map.of("from_generation", Integer.toString(from), "to_generation", Integer.toString(to)));
  }

  @Override
  public void rekeyPhase(int fromThreshold, int toThreshold, String phase) {
    audit.event(
        "rekey",
        phase,
        Map.of(
            "from_threshold",
            Integer.toString(fromThreshold),
            "to_threshold",
            Integer.toString(toThreshold)));
  }

  @Override
  public void keyRunRetry(String run, int failures, Duration retryIn, String reason) {
    audit.event(
        "key_run_retry",
        "scheduled",
        Map.of(
            "run",
            run,
            "failures",
            Integer.toString(failures),
            "retry_in_ms",
            Long.toString(retryIn.toMillis()),
            "reason",
            reason));
    Counter.builder("spike_key_run_retries")
        .description("Background resumes scheduled for stopped rekeys and rotations")
        .tag("run", NexusMetrics.keyRunLabel(run))
        .register(registry)
        .increment();
  }

  @Override
  public void keeperCheck(String keeper, KeeperCheck result) {
    Counter.builder("spike_keeper_checks")
        .description("Keeper shard checks, by Keeper and result")
        .tags("keeper", keeper, "result", result.label())
        .register(registry)
        .increment();
  }

  @Override
  public void keeperSeeded(String keeper, boolean ok) {
    Counter.builder("spike_keeper_seeds")
        .description("Shards sent to Keepers, by Keeper and result")
        .tags("keeper", keeper, "result", ok ? "ok" : "failed")
        .register(registry)
        .increment();
    Boolean before = lastSeed.put(keeper, ok);
    if (before == null || before != ok) {
      audit.event("keeper_seeded", ok ? "ok" : "failed", Map.of("keeper", keeper));
    }
  }
}
