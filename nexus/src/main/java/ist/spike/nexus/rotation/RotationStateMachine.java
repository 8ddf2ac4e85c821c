package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * The rules of a root-key rotation, free of I/O so that they can be checked exhaustively
 * (ADR-0162): when a rotation may start, the order of its phases, which generation new data is
 * sealed under, which root keys the store must hold sealed under which (so that whichever key a
 * restart recovers opens the other), what a restart does, and which recovery shards restore
 * accepts.
 */
public final class RotationStateMachine {
  private RotationStateMachine() {}

  /** What Nexus does with a rotation it finds recorded when it starts. */
  public enum RestartAction {
    /** Nothing was delivered: forget the new key and its records; the old generation stays. */
    ROLL_BACK,
    /** Some Keepers may hold new shards: deliver the new shards to every Keeper again. */
    RESUME_DELIVERY,
    /** Re-seal the rows still sealed under the old generation (idempotent per row). */
    RESUME_RESEAL,
    /** The rotation had finished; nothing to do. */
    NONE
  }

  /**
   * A root key of generation {@code sealed} stored sealed under the key of generation {@code
   * under}.
   *
   * @param sealed the generation of the key that is stored
   * @param under the generation of the key that seals it
   */
  public record Wrap(int sealed, int under) {}

  /**
   * Starts a rotation away from the active generation.
   *
   * @param recorded the rotation the store records, if any (a finished one does not block)
   * @param active the active generation
   * @return the new rotation, in {@link RotationPhase#PENDING}
   * @throws RotationInProgressException if a recorded rotation is still running
   */
  public static Rotation start(Optional<Rotation> recorded, int active)
      throws RotationInProgressException {
    requireNonNull(recorded, "recorded");
    if (recorded.isPresent() && recorded.get().running()) {
      throw new RotationInProgressException(recorded.get());
    }
    return new Rotation(active, active + 1, RotationPhase.PENDING);
  }

  /**
   * Returns the rotation in its next phase.
   *
   * @throws IllegalStateException if it is already done
   */
  public static Rotation advance(Rotation r) {
    return switch (r.phase()) {
      case PENDING -> r.in(RotationPhase.DELIVERING);
      case DELIVERING -> r.in(RotationPhase.RESEALING);
      case RESEALING -> r.in(RotationPhase.DONE);
      case DONE -> throw new IllegalStateException("the rotation to " + r.to() + " is done");
    };
  }

  /** Returns what a restarted Nexus does with a recorded rotation. */
  public static RestartAction onRestart(Rotation r) {
    return switch (r.phase()) {
      case PENDING -> RestartAction.ROLL_BACK;
      case DELIVERING -> RestartAction.RESUME_DELIVERY;
      case RESEALING -> RestartAction.RESUME_RESEAL;
      case DONE -> RestartAction.NONE;
    };
  }

  /**
   * Returns the generation new and re-sealed data is sealed under: the old one until every Keeper
   * holds a new shard, so that a restart which recovers only the old key from the Keepers can still
   * open everything even before the store holds the old key sealed under the new one.
   */
  public static int writeGeneration(Rotation r) {
    return switch (r.phase()) {
      case PENDING, DELIVERING -> r.from();
      case RESEALING, DONE -> r.to();
    };
  }

  /**
   * Returns the sealed keys the store must hold when {@code r} is recorded in its phase: written
   * before the phase is recorded, removed only after a later phase is.
   */
  public static Set<Wrap> requiredWraps(Rotation r) {
    Wrap next = new Wrap(r.to(), r.from());
    Wrap previous = new Wrap(r.from(), r.to());
    return switch (r.phase()) {
      case PENDING -> Set.of(next);
      case DELIVERING, RESEALING -> Set.of(next, previous);
      case DONE -> Set.of(previous);
    };
  }

  /**
   * Checks that restore may use shards of root-key generation {@code offered} (identified by the
   * key-check value the combined key matches).
   *
   * @param recorded the last rotation the store records, if any
   * @param active the active generation when no rotation runs
   * @param offered the generation the offered shards reconstruct
   * @throws SupersededRecoveryException if a finished rotation replaced that generation
   */
  public static void checkRecoveryGeneration(Optional<Rotation> recorded, int active, int offered)
      throws SupersededRecoveryException {
    requireNonNull(recorded, "recorded");
    if (recorded.isPresent() && recorded.get().running()) {
      Rotation r = recorded.get();
      boolean newOut = r.phase() != RotationPhase.PENDING;
      if (offered == r.from() || (newOut && offered == r.to())) {
        return;
      }
      throw new SupersededRecoveryException(offered, r.from());
    }
    if (offered != active) {
      throw new SupersededRecoveryException(offered, active);
    }
  }
}
