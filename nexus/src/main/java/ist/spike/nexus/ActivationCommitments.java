package ist.spike.nexus;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidCommitmentsException;
import ist.spike.nexus.operator.CommitmentRoutes;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.rotation.StoredSplit;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.ClusterState;
import ist.spike.nexus.store.StoreException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Feldman commitments' part of a root-key activation (ADR-0161, ADR 0207). Recomputing the
 * commitments from the key takes two P-256 multiplications per coefficient, 0.5–1.2 s in a JVM that
 * has just started, and on a restart it only confirms what the store holds. So when the store holds
 * readable commitments, the activation takes the split from them and leaves the recomputation to
 * {@link #finishDeferred}, which Nexus runs on its Keeper-check thread right after the key is
 * installed, before that thread's first Keeper check or rotation step; with nothing readable stored
 * (a first start), or on a store several instances share, they are computed and stored before the
 * key is installed, as before.
 */
final class ActivationCommitments {
  private static final Logger LOG = LoggerFactory.getLogger(ActivationCommitments.class);

  private final SplitInForce split;
  private final int configuredThreshold;
  private final boolean mayDefer;
  private final AtomicReference<Backend> pending = new AtomicReference<>();

  /**
   * @param split updated from the store after each activation
   * @param configuredThreshold {@code SPIKE_NEXUS_SHAMIR_THRESHOLD}, used when nothing is stored
   * @param mayDefer whether the check may run after the install: false for a store other Nexus
   *     instances share (PostgreSQL), where another instance's rotation may store new commitments
   *     meanwhile, so the check keeps its place inside the activation
   */
  ActivationCommitments(SplitInForce split, int configuredThreshold, boolean mayDefer) {
    this.split = requireNonNull(split, "split");
    this.configuredThreshold = configuredThreshold;
    this.mayDefer = mayDefer;
  }

  /**
   * Part of the activation under {@code key}, before the key is installed: publishes the
   * commitments now if the store holds none it can read, otherwise applies the stored split and
   * leaves the check for {@link #finishDeferred}.
   *
   * @param activated the store just opened under {@code key}
   * @param key the candidate key (not retained)
   */
  void onActivated(Backend activated, RootKey key) {
    requireNonNull(activated, "activated");
    requireNonNull(key, "key");
    if (mayDefer && readable(activated.loadShardCommitments())) {
      StoredSplit.apply(storedMeta(activated), split);
      pending.set(activated);
    } else {
      pending.set(null);
      publish(activated, key);
    }
    if (split.threshold() != configuredThreshold && !split.rekeying()) {
      LOG.warn(
          "SPIKE_NEXUS_SHAMIR_THRESHOLD is {} but the stored split has threshold {}: Nexus"
              + " serves the stored split until `spike operator rekey --threshold {} --shares"
              + " {}` re-splits the root key",
          configuredThreshold,
          split.threshold(),
          configuredThreshold,
          split.configured().shares());
    }
  }

  /**
   * Runs the check an activation left, with the installed key, on the store it was activated on;
   * nothing when none is pending or the store was re-opened meanwhile (a rotation, which stores its
   * own commitments). Never throws: a failure is logged, the store stays usable.
   *
   * @param custody holds the installed key
   * @param current the store Nexus serves now
   * @return whether a check ran
   */
  boolean finishDeferred(RootKeyCustody custody, Supplier<Backend> current) {
    Backend activated = pending.getAndSet(null);
    if (activated == null) {
      return false;
    }
    try {
      return custody
          .withKey(
              key -> {
                if (current.get() != activated) {
                  return false;
                }
                publish(activated, key);
                return true;
              })
          .orElse(false);
    } catch (RuntimeException ex) {
      LOG.warn("could not check the stored shard commitments: {}", ex.toString());
      return false;
    }
  }

  private void publish(Backend activated, RootKey key) {
    try {
      CommitmentRoutes.publish(activated, key, configuredThreshold);
      StoredSplit.apply(storedMeta(activated), split);
    } catch (StoreException ex) {
      // auxiliary public data: the store stays usable; the route reports the gap
      LOG.warn(
          "could not store the shard commitments ({}); /v1/operator/commitments answers 500 until"
              + " Nexus activates its key again",
          ex.getMessage());
    }
  }

  private static ClusterState.SplitMeta storedMeta(Backend activated) {
    return new ClusterState.SplitMeta(
        activated.loadShardCommitments(), activated.loadKeyGenerations());
  }

  private static boolean readable(Optional<byte[]> stored) {
    if (stored.isEmpty()) {
      return false;
    }
    try {
      FeldmanCommitments.fromBytes(stored.get());
      return true;
    } catch (InvalidCommitmentsException e) {
      return false;
    }
  }
}
