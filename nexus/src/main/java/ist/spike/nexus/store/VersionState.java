package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The state of one stored secret version: when it was written and, if soft-deleted, when.
 *
 * @param version the version number, at least 1
 * @param createdTime when the version was written
 * @param deletedTime when the version was soft-deleted (or expired, or was destroyed); empty while
 *     it is live
 * @param destroyed true if the version's values were erased for good; a destroyed version is also
 *     deleted and cannot be restored
 */
public record VersionState(
    int version, Instant createdTime, Optional<Instant> deletedTime, boolean destroyed) {
  /** Validates the components. */
  public VersionState {
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1; got " + version);
    }
    requireNonNull(createdTime, "createdTime");
    requireNonNull(deletedTime, "deletedTime");
    if (destroyed && deletedTime.isEmpty()) {
      throw new IllegalArgumentException("a destroyed version must have a deletion time");
    }
  }

  /** Creates the state of a version that is not destroyed. */
  public VersionState(int version, Instant createdTime, Optional<Instant> deletedTime) {
    this(version, createdTime, deletedTime, false);
  }

  /** Returns true if the version is soft-deleted. */
  public boolean isDeleted() {
    return deletedTime.isPresent();
  }

  /** Returns a copy marked deleted at {@code when}. */
  public VersionState deletedAt(Instant when) {
    return new VersionState(version, createdTime, Optional.of(when), destroyed);
  }

  /**
   * Returns a copy marked destroyed (and deleted at {@code when} unless it was deleted already).
   */
  public VersionState destroyedAt(Instant when) {
    return new VersionState(version, createdTime, Optional.of(deletedTime.orElse(when)), true);
  }

  /**
   * Returns a live copy.
   *
   * @throws IllegalStateException if the version is destroyed
   */
  public VersionState undeleted() {
    if (destroyed) {
      throw new IllegalStateException("version " + version + " is destroyed");
    }
    return new VersionState(version, createdTime, Optional.empty());
  }
}
