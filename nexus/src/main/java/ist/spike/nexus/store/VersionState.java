package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The state of one stored secret version: when it was written and, if soft-deleted, when.
 *
 * @param version the version number, at least 1
 * @param createdTime when the version was written
 * @param deletedTime when the version was soft-deleted; empty while it is live
 */
public record VersionState(int version, Instant createdTime, Optional<Instant> deletedTime) {
  /** Validates the components. */
  public VersionState {
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1; got " + version);
    }
    requireNonNull(createdTime, "createdTime");
    requireNonNull(deletedTime, "deletedTime");
  }

  /** Returns true if the version is soft-deleted. */
  public boolean isDeleted() {
    return deletedTime.isPresent();
  }

  /** Returns a copy marked deleted at {@code when}. */
  public VersionState deletedAt(Instant when) {
    return new VersionState(version, createdTime, Optional.of(when));
  }

  /** Returns a live copy. */
  public VersionState undeleted() {
    return new VersionState(version, createdTime, Optional.empty());
  }
}
