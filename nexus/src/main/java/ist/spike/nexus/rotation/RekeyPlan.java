package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.InvalidShamirParametersException;
import ist.spike.crypto.shamir.ShamirParameters;

/**
 * A checked rekey request (ADR-0163): the split the Keepers hold now and the one asked for, which
 * must be the configured one. Holds no secret.
 *
 * @param from the stored split's threshold, over the configured Keepers (all hold its shards)
 * @param to the requested split, equal to Nexus's configuration
 */
public record RekeyPlan(ShamirParameters from, ShamirParameters to) {

  /** Validates the components. */
  public RekeyPlan {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
  }

  /**
   * Checks a request against the configuration and the stored split.
   *
   * @param threshold the requested threshold
   * @param shares the requested share count
   * @param configured {@code SPIKE_NEXUS_SHAMIR_THRESHOLD} and {@code SPIKE_NEXUS_SHAMIR_SHARES}
   *     (which equals the number of {@code SPIKE_NEXUS_KEEPER_PEERS})
   * @param storedThreshold the threshold of the stored commitments, the split in force
   * @return the plan
   * @throws RekeyRefusedException if the values are invalid, differ from the configuration, or
   *     would not change the polynomial
   */
  public static RekeyPlan check(
      int threshold, int shares, ShamirParameters configured, int storedThreshold)
      throws RekeyRefusedException {
    requireNonNull(configured, "configured");
    ShamirParameters to;
    try {
      to = ShamirParameters.of(threshold, shares);
    } catch (InvalidShamirParametersException e) {
      throw new RekeyRefusedException(e.getMessage());
    }
    if (!to.equals(configured)) {
      throw new RekeyRefusedException(
          "the rekey asks for a "
              + to.threshold()
              + "-of-"
              + to.shares()
              + " split but Nexus is configured for "
              + configured.threshold()
              + "-of-"
              + configured.shares()
              + "; restart Nexus with SPIKE_NEXUS_KEEPER_PEERS naming the new Keepers and"
              + " SPIKE_NEXUS_SHAMIR_THRESHOLD/SPIKE_NEXUS_SHAMIR_SHARES set to the new values, then"
              + " run the rekey again");
    }
    if (storedThreshold == to.threshold()) {
      throw new RekeyRefusedException(
          "the split in force already has threshold "
              + storedThreshold
              + "; the split is derived from the root key and the threshold, so the same threshold"
              + " gives the same shards and there is nothing to re-split (Keepers added to"
              + " SPIKE_NEXUS_KEEPER_PEERS already receive their shard); choose another threshold"
              + " or rotate the root key");
    }
    if (storedThreshold < 1 || storedThreshold > configured.shares()) {
      throw new RekeyRefusedException(
          "the split in force needs "
              + storedThreshold
              + " shards but only "
              + configured.shares()
              + " Keepers are configured; restore the root key from the recovery files first");
    }
    return new RekeyPlan(new ShamirParameters(storedThreshold, configured.shares()), to);
  }

  /**
   * Whether every step of the delivery leaves a Keeper quorum of one split; when not, the
   * operator's current recovery files are the way back during the rekey.
   */
  public boolean keepsQuorum() {
    return RekeyDelivery.keepsQuorum(from, to);
  }
}
