package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.KeeperCallException;
import ist.spike.custody.KeeperClient;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** {@link KeeperGateway} over mTLS to the Keepers of {@code SPIKE_NEXUS_KEEPER_PEERS}. */
public final class KeeperClientGateway implements KeeperGateway {
  private final List<URI> keepers;
  private final KeeperClient client;

  /**
   * @param keepers the Keeper URLs in position order
   * @param client the mTLS client (Nexus SVID)
   */
  public KeeperClientGateway(List<URI> keepers, KeeperClient client) {
    this.keepers = List.copyOf(keepers);
    this.client = requireNonNull(client, "client");
  }

  @Override
  public int size() {
    return keepers.size();
  }

  @Override
  public String describe(int position) {
    return keepers.get(position - 1).toString();
  }

  @Override
  public Optional<KeeperShard> fetch(int position) throws KeeperUnavailableException {
    try {
      return client
          .fetchShard(keepers.get(position - 1), position)
          .map(h -> new KeeperShard(position, h.reportedIndex(), h.shard()));
    } catch (KeeperCallException e) {
      throw new KeeperUnavailableException(e.getMessage(), e, e.holdsInvalidShard());
    }
  }

  @Override
  public void contribute(int position, Shard shard) throws KeeperUnavailableException {
    try {
      client.contribute(keepers.get(position - 1), shard);
    } catch (KeeperCallException e) {
      throw new KeeperUnavailableException(e.getMessage(), e);
    }
  }

  @Override
  public void contribute(int position, Shard shard, FeldmanCommitments commitments)
      throws KeeperUnavailableException {
    try {
      client.contribute(keepers.get(position - 1), shard, commitments);
    } catch (KeeperCallException e) {
      throw new KeeperUnavailableException(e.getMessage(), e);
    }
  }
}
