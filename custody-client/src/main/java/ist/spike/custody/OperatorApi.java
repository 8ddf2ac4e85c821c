package ist.spike.custody;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shard;
import java.util.List;

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
