package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

/**
 * A rotation as the store records it: public, loggable state (no key material).
 *
 * @param from the generation being replaced (the active one when the rotation started), at least 1
 * @param to the new generation, {@code from + 1}
 * @param phase the phase the rotation is in
 */
public record Rotation(int from, int to, RotationPhase phase) {
  /** Validates the components. */
  public Rotation {
    requireNonNull(phase, "phase");
    if (from < 1) {
      throw new IllegalArgumentException("generation must be >= 1, was " + from);
    }
    if (to != from + 1) {
      throw new IllegalArgumentException(
          "a rotation goes to the next generation: from " + from + " to " + to);
    }
  }

  /** Returns whether the rotation still has work to do. */
  public boolean running() {
    return phase != RotationPhase.DONE;
  }

  /** Returns this rotation in another phase. */
  Rotation in(RotationPhase next) {
    return new Rotation(from, to, next);
  }
}
