package ist.spike.nexus.rootkey;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shard;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Nexus's view of its Keepers, by 1-based position in {@code SPIKE_NEXUS_KEEPER_PEERS}. */
public interface KeeperGateway {
  /** Returns the number of Keepers. */
  int size();

  /** Returns a printable name of the Keeper at a position (its URL), for logs. */
  String describe(int position);

  /**
   * Fetches the shard a Keeper holds.
   *
   * @return the shard, or empty if the Keeper holds none
   * @throws KeeperUnavailableException if the Keeper cannot be reached or answers nonsense
   */
  Optional<KeeperShard> fetch(int position) throws KeeperUnavailableException;

  /**
   * Starts {@link #fetch} of one Keeper on a virtual thread named {@code threadName}, so that the
   * TLS handshakes of several Keepers overlap instead of queueing.
   *
   * @return the answer, completed exceptionally with what the fetch threw
   */
  default CompletableFuture<Optional<KeeperShard>> fetchInBackground(
      int position, String threadName) {
    CompletableFuture<Optional<KeeperShard>> answer = new CompletableFuture<>();
    Thread.ofVirtual()
        .name(threadName)
        .start(
            () -> {
              try {
                answer.complete(fetch(position));
              } catch (Throwable e) {
                answer.completeExceptionally(e);
              }
            });
    return answer;
  }

  /**
   * Sends a shard (with its index) to a Keeper, replacing what it holds.
   *
   * @throws KeeperUnavailableException if the Keeper cannot be reached or refuses
   */
  void contribute(int position, Shard shard) throws KeeperUnavailableException;

  /**
   * Sends a shard with its index and the split's Feldman commitments, which the Keeper checks the
   * shard against (ADR-0161). The default ignores the commitments.
   *
   * @throws KeeperUnavailableException if the Keeper cannot be reached or refuses
   */
  default void contribute(int position, Shard shard, FeldmanCommitments commitments)
      throws KeeperUnavailableException {
    contribute(position, shard);
  }
}
