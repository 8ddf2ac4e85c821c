package ist.spike.nexus.observe;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.rootkey.KeeperGateway;
import ist.spike.nexus.rootkey.KeeperShard;
import ist.spike.nexus.rootkey.KeeperUnavailableException;
import java.util.Optional;

/** A {@link KeeperGateway} that reports every check and every seeding to {@link NexusEvents}. */
public final class ObservedKeeperGateway implements KeeperGateway {
  private final KeeperGateway keepers;
  private final NexusEvents events;

  /**
   * @param keepers the real gateway; not null
   * @param events where results go; not null
   */
  public ObservedKeeperGateway(KeeperGateway keepers, NexusEvents events) {
    this.keepers = requireNonNull(keepers, "keepers");
    this.events = requireNonNull(events, "events");
  }

  @Override
  public int size() {
    return keepers.size();
  }

  @Override
  public String describe(int position) {
    return keepers.describe(position);
  }

  @Override
  public Optional<KeeperShard> fetch(int position) throws KeeperUnavailableException {
    try {
      Optional<KeeperShard> shard = keepers.fetch(position);
      events.keeperCheck(
          describe(position),
          shard.isPresent() ? NexusEvents.KeeperCheck.HOLDS_SHARD : NexusEvents.KeeperCheck.EMPTY);
      return shard;
    } catch (KeeperUnavailableException e) {
      events.keeperCheck(describe(position), NexusEvents.KeeperCheck.UNREACHABLE);
      throw e;
    }
  }

  @Override
  public void contribute(int position, Shard shard) throws KeeperUnavailableException {
    try {
      keepers.contribute(position, shard);
      events.keeperSeeded(describe(position), true);
    } catch (KeeperUnavailableException e) {
      events.keeperSeeded(describe(position), false);
      throw e;
    }
  }

  @Override
  public void contribute(int position, Shard shard, FeldmanCommitments commitments)
      throws KeeperUnavailableException {
    try {
      keepers.contribute(position, shard, commitments);
      events.keeperSeeded(describe(position), true);
    } catch (KeeperUnavailableException e) {
      events.keeperSeeded(describe(position), false);
      throw e;
    }
  }
}
