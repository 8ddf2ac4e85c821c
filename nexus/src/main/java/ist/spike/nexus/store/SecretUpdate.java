package ist.spike.nexus.store;

import java.util.Optional;

/**
 * An atomic read-modify-write of one secret, run by the backend with the secret locked against
 * other writers.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SecretUpdate<T> {
  /**
   * Computes the change.
   *
   * @param current the stored index, or empty if the path does not exist
   * @return the change to store
   * @throws RuntimeException to abort the update; nothing is stored and the exception reaches the
   *     caller of {@link Backend#updateSecret} unchanged
   */
  SecretChange<T> apply(Optional<SecretIndex> current);
}
