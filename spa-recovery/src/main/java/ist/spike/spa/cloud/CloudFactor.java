package ist.spike.spa.cloud;

import ist.spike.spa.vault.WrappingKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The cloud factor of one user: keeps the wrapping key of the cloud share, and (if it can) the
 * receipt chain's head so that cutting receipts off the end of the local file is detected.
 */
public interface CloudFactor extends AutoCloseable {
  /** The name recorded at onboarding: {@code file} or {@code spike}. */
  String kind();

  /**
   * Creates and stores a new wrapping key, replacing any previous one (onboarding, repair).
   *
   * @param random the randomness source
   * @return the new key; the caller closes it
   * @throws IOException if it cannot be stored (nothing is half-stored)
   */
  WrappingKey create(SecureRandom random) throws IOException;

  /**
   * Reads the wrapping key.
   *
   * @return the key; the caller closes it
   * @throws IOException if it is missing or cannot be read
   */
  WrappingKey open() throws IOException;

  /**
   * Anchors the chain's head (after every append).
   *
   * @param head the new head
   * @throws IOException if it cannot be stored
   */
  void recordHead(ChainHead head) throws IOException;

  /**
   * Returns the anchored head.
   *
   * @return the head, or empty if this factor keeps none (or none was recorded)
   * @throws IOException if it cannot be read
   */
  Optional<ChainHead> head() throws IOException;

  @Override
  void close();
}
