package ist.spike.nexus.rootkey;

import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.RootKey;

/**
 * Opens Nexus's data under a root key once the key is known: checks the key against the key-check
 * value stored with the data (storing it on first start with empty data) and starts serving.
 */
@FunctionalInterface
public interface DataActivation {
  /**
   * Activates the data under this key; the implementation copies what it keeps.
   *
   * @throws KeyCheckMismatchException if the stored key-check value belongs to another key; then
   *     nothing was written and nothing is served
   * @throws RuntimeException if the store cannot be opened
   */
  void activate(RootKey rootKey) throws KeyCheckMismatchException;
}
