package ist.spike.frost;

import static java.util.Objects.requireNonNull;

/**
 * What round 1 produces: secret nonces the signer keeps for round 2, and public commitments it
 * sends to the coordinator.
 *
 * @param nonces secret, single use
 * @param commitments public
 */
public record Round1Result(SigningNonces nonces, SigningCommitments commitments) {
  /** Checks for nulls. */
  public Round1Result {
    requireNonNull(nonces, "nonces");
    requireNonNull(commitments, "commitments");
  }
}
