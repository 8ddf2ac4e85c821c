package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.FeldmanCommitments;

/**
 * A rekey as the store records it in the key-generations value (ADR-0163): public, loggable state.
 * Its phases are a rotation's without re-sealing: {@link RotationPhase#PENDING} (both splits
 * recorded, no Keeper touched) → {@link RotationPhase#DELIVERING} (new shards going out) → {@link
 * RotationPhase#DONE} (only the new split counts).
 *
 * @param phase the phase, never {@link RotationPhase#RESEALING}
 * @param from the commitments of the split before the rekey
 * @param to the commitments of the split being delivered
 */
public record Rekey(RotationPhase phase, FeldmanCommitments from, FeldmanCommitments to) {
  /** Validates the components. */
  public Rekey {
    requireNonNull(phase, "phase");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (phase == RotationPhase.RESEALING) {
      throw new IllegalArgumentException("a rekey re-seals nothing");
    }
  }

  /** Returns whether the rekey still has work to do. */
  public boolean running() {
    return phase != RotationPhase.DONE;
  }

  /** Returns the rekey in its next phase. */
  Rekey advance() {
    return switch (phase) {
      case PENDING -> new Rekey(RotationPhase.DELIVERING, from, to);
      case DELIVERING -> new Rekey(RotationPhase.DONE, from, to);
      case RESEALING, DONE -> throw new IllegalStateException("a rekey in " + phase + " is over");
    };
  }

  @Override
  public String toString() {
    return "Rekey[threshold " + from.threshold() + " -> " + to.threshold() + ", " + phase + "]";
  }
}
