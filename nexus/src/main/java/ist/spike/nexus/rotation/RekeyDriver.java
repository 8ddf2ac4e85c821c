package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidCommitmentsException;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.rootkey.KeeperGateway;
import ist.spike.nexus.rootkey.KeeperUnavailableException;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.store.Backend;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a rekey (ADR-0163): the same root key split anew and delivered to the configured Keepers,
 * each phase recorded in the key-generations value before its work, and resumes a recorded one
 * after a restart. Nothing is re-sealed. Logs thresholds, phases and counts only. Not thread-safe:
 * {@code RotationService} runs it on the Keeper-check thread.
 */
public final class RekeyDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RekeyDriver.class);

  /**
   * Progress, for the status route and metrics.
   *
   * @param rekey the recorded rekey, if any
   * @param delivered Keepers that received a new shard in this run
   */
  public record Status(Optional<Rekey> rekey, int delivered) {}

  private final KeeperGateway keepers;
  private final SplitInForce split;
  private final AtomicLong completed = new AtomicLong();
  private volatile Status status = new Status(Optional.empty(), 0);
  private volatile KeyRunEvents events = KeyRunEvents.NONE;

  /**
   * @param keepers the configured Keepers, in position order
   * @param split the split in force, updated as the rekey goes
   */
  public RekeyDriver(KeeperGateway keepers, SplitInForce split) {
    this.keepers = requireNonNull(keepers, "keepers");
    this.split = requireNonNull(split, "split");
  }

  /** Sends each recorded phase to {@code events} from now on (the audit chain, ADR-0230). */
  void report(KeyRunEvents events) {
    this.events = requireNonNull(events, "events");
  }

  /** Returns the progress of the last or current run. */
  public Status status() {
    return status;
  }

  /** Returns how many rekeys this driver brought to {@link RotationPhase#DONE}. */
  public long completed() {
    return completed.get();
  }

  /**
   * Checks a request against the configuration and the split in force.
   *
   * @throws RekeyRefusedException with what to change
   */
  public RekeyPlan plan(int threshold, int shares) throws RekeyRefusedException {
    return RekeyPlan.check(threshold, shares, split.configured(), split.threshold());
  }

  /**
   * Records a rekey of {@code key} to {@code plan.to()} and delivers it.
   *
   * @param store the store Nexus serves from
   * @param key the active root key (unchanged)
   * @param plan the checked request
   * @throws RotationInProgressException if a rotation or another rekey is unfinished
   * @throws KeeperUnavailableException if a Keeper cannot take its shard; the rekey stays recorded
   *     (delivering) and {@link #resume} finishes it
   */
  public void rekey(Backend store, RootKey key, RekeyPlan plan)
      throws RotationInProgressException, KeeperUnavailableException {
    requireNonNull(store, "store");
    requireNonNull(key, "key");
    requireNonNull(plan, "plan");
    Optional<byte[]> read = store.loadKeyGenerations();
    KeyGenerations g =
        read.map(KeyGenerations::fromBytes).orElseGet(() -> KeyGenerations.initial(check(key)));
    if (g.rotation().filter(Rotation::running).isPresent()) {
      throw new RotationInProgressException(g.rotation().get());
    }
    if (g.rekey().filter(Rekey::running).isPresent()) {
      throw new RotationInProgressException(
          "a rekey to threshold "
              + g.rekey().get().to().threshold()
              + " is unfinished; it is resumed, see `spike operator rekey --status`");
    }
    FeldmanCommitments from =
        stored(store).orElseGet(() -> FeldmanCommitments.of(key, plan.from().threshold()));
    Rekey r =
        new Rekey(RotationPhase.PENDING, from, FeldmanCommitments.of(key, plan.to().threshold()));
    g = g.withRekey(r);
    // compare-and-set: a run that read a stale record never replaces another run's (ADR-0164)
    if (!store.replaceKeyGenerations(read, g.toBytes(), check(key))) {
      throw new RotationInProgressException(
          "the key-generations record changed while this rekey was starting: another Nexus"
              + " instance started a rotation or rekey; see `spike operator rekey --status`");
    }
    split.update(Optional.of(r.from()), Optional.of(r.to()), true);
    status = new Status(Optional.of(r), 0);
    recorded(r);
    LOG.info(
        "rekey from threshold {} to {}-of-{} started{}",
        r.from().threshold(),
        plan.to().threshold(),
        plan.to().shares(),
        plan.keepsQuorum()
            ? ""
            : "; a crash during the delivery may leave no Keeper quorum: the current recovery"
                + " files stay valid until it is done");
    finish(store, g, key);
  }

  /**
   * Finishes a rekey the store records as unfinished (after a restart, or a Keeper that was down).
   * Does nothing when none is recorded.
   *
   * @param store the store Nexus serves from
   * @param key the active root key (unchanged)
   * @throws KeeperUnavailableException if a Keeper cannot take its shard
   */
  public void resume(Backend store, RootKey key) throws KeeperUnavailableException {
    requireNonNull(store, "store");
    requireNonNull(key, "key");
    KeyGenerations g = load(store, key);
    Optional<Rekey> r = g.rekey().filter(Rekey::running);
    if (r.isEmpty()) {
      return;
    }
    LOG.info("resuming {}", r.get());
    finish(store, g, key);
  }

  private void finish(Backend store, KeyGenerations g, RootKey key)
      throws KeeperUnavailableException {
    Rekey r = g.rekey().orElseThrow();
    if (!r.to().equals(FeldmanCommitments.of(key, r.to().threshold()))) {
      throw new IllegalStateException("the recorded rekey does not split the active root key");
    }
    if (r.phase() == RotationPhase.PENDING) {
      r = r.advance();
      g = g.withRekey(r);
      store.storeKeyGenerations(g.toBytes(), check(key));
      status = new Status(Optional.of(r), 0);
      recorded(r);
    }
    if (r.phase() == RotationPhase.DELIVERING) {
      deliver(key, r);
      // the commitments first: a crash before the record says done only repeats the delivery
      store.storeShardCommitments(r.to().toBytes());
      r = r.advance();
      g = g.withRekey(r);
      store.storeKeyGenerations(g.toBytes(), check(key));
      split.update(Optional.of(r.to()), Optional.empty(), true);
      status = new Status(Optional.of(r), status.delivered());
      completed.incrementAndGet();
      recorded(r);
      LOG.info(
          "rekey to threshold {} done: {} Keepers hold the new split; earlier recovery files no"
              + " longer restore, run `spike operator recover` again",
          r.to().threshold(),
          keepers.size());
    }
  }

  private void recorded(Rekey r) {
    events.rekeyPhase(
        r.from().threshold(), r.to().threshold(), r.phase().name().toLowerCase(Locale.ROOT));
  }

  private void deliver(RootKey key, Rekey r) throws KeeperUnavailableException {
    ShamirParameters to = new ShamirParameters(r.to().threshold(), keepers.size());
    ShamirParameters from =
        new ShamirParameters(r.from().threshold(), Math.max(r.from().threshold(), keepers.size()));
    List<Shard> shards = Shamir.split(key, to);
    try {
      int delivered = 0;
      for (int position : RekeyDelivery.order(from, to)) {
        keepers.contribute(position, shards.get(position - 1), r.to());
        delivered++;
        status = new Status(Optional.of(r), delivered);
      }
    } finally {
      shards.forEach(Shard::close);
    }
  }

  private static Optional<FeldmanCommitments> stored(Backend store) {
    Optional<byte[]> bytes = store.loadShardCommitments();
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(FeldmanCommitments.fromBytes(bytes.get()));
    } catch (InvalidCommitmentsException e) {
      return Optional.empty();
    }
  }

  private static KeyGenerations load(Backend store, RootKey key) {
    return store
        .loadKeyGenerations()
        .map(KeyGenerations::fromBytes)
        .orElseGet(() -> KeyGenerations.initial(check(key)));
  }

  private static byte[] check(RootKey key) {
    return KeyCheckValue.of(key).toBytes();
  }
}
