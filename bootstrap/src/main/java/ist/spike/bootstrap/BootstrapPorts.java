package ist.spike.bootstrap;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shard;
import java.net.URI;
import java.util.Optional;

/**
 * What Bootstrap talks to: the Keepers and Nexus (implemented over mTLS by {@link BootstrapMain}).
 */
interface BootstrapPorts {
  /**
   * What Nexus says about its root key before Bootstrap generates one.
   *
   * @param initialized the store holds a key-check value or data
   * @param ready Nexus holds its root key
   * @param claimed this run holds the right to key the cluster (ADR-0092)
   */
  record NexusStatus(boolean initialized, boolean ready, boolean claimed) {
    /** A status of a Nexus that does not coordinate claims. */
    NexusStatus(boolean initialized, boolean ready) {
      this(initialized, ready, true);
    }
  }

  /** Which Nexus answered the status question. */
  enum SpikeNexus {
    /** A SPIKE Go Nexus that already holds a root key (400 on the unknown status route). */
    WITH_KEY,
    /** A SPIKE Go Nexus waiting for its first root key (503 {@code state_not_ready}). */
    WITHOUT_KEY
  }

  /** Our Nexus's status, or which kind of SPIKE Nexus answered. */
  record StatusAnswer(Optional<NexusStatus> ours, Optional<SpikeNexus> spike) {
    static StatusAnswer ours(NexusStatus status) {
      return new StatusAnswer(Optional.of(status), Optional.empty());
    }

    static StatusAnswer spike(SpikeNexus kind) {
      return new StatusAnswer(Optional.empty(), Optional.of(kind));
    }
  }

  /** A call failed in a way worth retrying (unreachable, not ready yet). */
  final class RetryableException extends Exception {
    private static final long serialVersionUID = 1L;

    RetryableException(String message) {
      super(message);
    }
  }

  /** A call failed in a way retrying cannot fix. */
  final class FatalException extends Exception {
    private static final long serialVersionUID = 1L;

    FatalException(String message) {
      super(message);
    }
  }

  /**
   * Asks Nexus whether it already holds data under a root key, claiming the right to key it.
   *
   * @param claim this run's random token (32 hex digits), or empty to only ask
   * @return our Nexus's status, or which kind of SPIKE Nexus answered
   */
  StatusAnswer nexusStatus(String claim) throws RetryableException, FatalException;

  /** Sends a shard (with its index) to a Keeper. */
  void contribute(URI keeper, Shard shard) throws RetryableException, FatalException;

  /**
   * Sends a shard with its index and the split's Feldman commitments, which our Keepers check the
   * shard against (ADR-0161). The default ignores the commitments.
   */
  default void contribute(URI keeper, Shard shard, FeldmanCommitments commitments)
      throws RetryableException, FatalException {
    contribute(keeper, shard);
  }

  /**
   * Asks Nexus to decrypt a ciphertext sealed with the new root key (SPIKE's /v1/bootstrap/verify).
   *
   * @return the hex SHA-256 of the plaintext as Nexus decrypted it
   */
  String verify(byte[] nonce, byte[] ciphertext) throws RetryableException, FatalException;
}
