package ist.spike.custody;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shard;
import java.util.List;
import java.util.Optional;

/**
 * The break-glass operator routes of Nexus: {@code /v1/operator/recover} (recover role) and {@code
 * /v1/operator/restore} (restore role).
 */
public interface OperatorApi extends AutoCloseable {
  /**
   * Where a restore stands after one shard.
   *
   * @param collected distinct shards Nexus holds
   * @param remaining shards still needed
   * @param restored whether Nexus holds its root key
   */
  record RestoreStatus(int collected, int remaining, boolean restored) {}

  /**
   * Where root-key rotation stands (ADR-0162).
   *
   * @param generation the active root-key generation
   * @param to the generation the last rotation goes to; 0 if none was started
   * @param phase {@code pending}, {@code delivering}, {@code resealing}, {@code done}, or empty
   * @param delivered Keepers that received a new shard in Nexus's current run
   * @param resealed rows re-sealed in Nexus's current run
   * @param retries failed attempts of an unfinished rotation Nexus resumes by itself; 0 when none
   * @param retryIn seconds until that resume; 0 when none is scheduled
   * @param stoppedBy why the last attempt stopped, or empty
   */
  record RotationStatus(
      int generation,
      int to,
      String phase,
      int delivered,
      long resealed,
      int retries,
      long retryIn,
      String stoppedBy) {
    /** A status without a stopped attempt. */
    public RotationStatus(int generation, int to, String phase, int delivered, long resealed) {
      this(generation, to, phase, delivered, resealed, 0, 0, "");
    }
  }

  /**
   * Starts a root-key rotation ({@code /v1/operator/rotate}, superuser; our extension).
   *
   * @return the status when it was started
   * @throws OperatorApiException if Nexus refuses (one runs already: the message says so) or cannot
   *     be reached
   */
  default RotationStatus rotate() throws OperatorApiException {
    throw new OperatorApiException(Optional.empty(), "this operator API cannot rotate");
  }

  /**
   * Reads the progress of root-key rotation ({@code /v1/operator/rotate?action=status}).
   *
   * @throws OperatorApiException if Nexus refuses or cannot be reached
   */
  default RotationStatus rotationStatus() throws OperatorApiException {
    throw new OperatorApiException(Optional.empty(), "this operator API cannot rotate");
  }

  /**
   * Where the root key's split stands (ADR-0163).
   *
   * @param threshold the threshold of the split in force: recovery files of it restore
   * @param shares the configured Keeper count
   * @param from the threshold before the last rekey; 0 if none was recorded
   * @param to the threshold the last rekey goes to; 0 if none was recorded
   * @param phase {@code pending}, {@code delivering}, {@code done}, or empty
   * @param delivered Keepers that received a new shard in Nexus's current run
   * @param retries failed attempts of an unfinished rekey Nexus resumes by itself; 0 when none
   * @param retryIn seconds until that resume; 0 when none is scheduled
   * @param stoppedBy why the last attempt stopped, or empty
   */
  record RekeyStatus(
      int threshold,
      int shares,
      int from,
      int to,
      String phase,
      int delivered,
      int retries,
      long retryIn,
      String stoppedBy) {
    /** A status without a stopped attempt. */
    public RekeyStatus(int threshold, int shares, int from, int to, String phase, int delivered) {
      this(threshold, shares, from, to, phase, delivered, 0, 0, "");
    }
  }

  /**
   * Re-splits the root key to Nexus's configured Keepers ({@code /v1/operator/rekey}, superuser;
   * our extension). Nexus must have been restarted with the new {@code SPIKE_NEXUS_KEEPER_PEERS}
   * and {@code SPIKE_NEXUS_SHAMIR_*} values, which the request repeats.
   *
   * @param threshold the new threshold
   * @param shares the new share count
   * @param confirmRecoveryFiles the operator holds the current recovery files (needed when the
   *     delivery cannot keep a Keeper quorum at every step)
   * @return the status when it was started
   * @throws OperatorApiException if Nexus refuses (the message says what to change) or cannot be
   *     reached
   */
  default RekeyStatus rekey(int threshold, int shares, boolean confirmRecoveryFiles)
      throws OperatorApiException {
    throw new OperatorApiException(Optional.empty(), "this operator API cannot rekey");
  }

  /**
   * Reads the split in force and the last rekey ({@code /v1/operator/rekey?action=status}).
   *
   * @throws OperatorApiException if Nexus refuses or cannot be reached
   */
  default RekeyStatus rekeyStatus() throws OperatorApiException {
    throw new OperatorApiException(Optional.empty(), "this operator API cannot rekey");
  }

  /**
   * Fetches every shard of the root key, ordered by index. The caller closes them.
   *
   * @throws OperatorApiException if Nexus refuses or cannot be reached
   */
  List<Shard> recover() throws OperatorApiException;

  /**
   * Sends one shard (with its index). The caller keeps and closes {@code shard}.
   *
   * @throws OperatorApiException if Nexus refuses it (malformed, wrong set, rate limited) or cannot
   *     be reached
   */
  RestoreStatus restore(Shard shard) throws OperatorApiException;

  /**
   * Fetches the Feldman commitments of the root key's split ({@code /v1/operator/commitments}, our
   * extension, ADR-0161), with which recovery files can be checked offline.
   *
   * @return the commitments
   * @throws OperatorApiException if Nexus cannot be reached, refuses, or answers something that is
   *     not a set of P-256 points (a SPIKE Nexus has no such route)
   */
  FeldmanCommitments commitments() throws OperatorApiException;

  /** Releases the connection; never throws. */
  @Override
  void close();
}
