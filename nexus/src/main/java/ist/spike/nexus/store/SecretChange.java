package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The outcome of a {@link SecretUpdate}: the index to store (empty = store nothing), the values of
 * a version added by this change, and a result handed back to the caller.
 *
 * <p>Versions present in the old index but absent from the new one, and versions the new index
 * marks destroyed, have their values deleted from storage.
 *
 * @param newIndex the index to store; empty leaves the secret unchanged
 * @param added the version written by this change, which must appear in {@code newIndex}
 * @param result what {@link Backend#updateSecret} returns
 * @param <T> the result type
 */
public record SecretChange<T>(
    Optional<SecretIndex> newIndex, Optional<NewVersion> added, T result) {
  /** Validates the components. */
  public SecretChange {
    requireNonNull(newIndex, "newIndex");
    requireNonNull(added, "added");
    if (added.isPresent()
        && (newIndex.isEmpty() || !newIndex.get().versions().containsKey(added.get().version()))) {
      throw new IllegalArgumentException("an added version must be part of the new index");
    }
  }

  /** A change that stores nothing and returns {@code result}. */
  public static <T> SecretChange<T> none(T result) {
    return new SecretChange<>(Optional.empty(), Optional.empty(), result);
  }
}
