package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link TrustedDealer#generate} hands out: one key package per participant (secret: send each
 * to its owner only, then close), the public key package, and the VSS commitment each participant
 * can check its share against.
 *
 * @param keyPackages one per participant, in identifier order
 * @param publicKeyPackage the group's public data
 * @param vssCommitment the dealer's polynomial commitment
 */
public record DealerOutput(
    List<KeyPackage> keyPackages, PublicKeyPackage publicKeyPackage, VssCommitment vssCommitment)
    implements AutoCloseable {
  /** Validates and copies the list. */
  public DealerOutput {
    keyPackages = List.copyOf(requireNonNull(keyPackages, "keyPackages"));
    requireNonNull(publicKeyPackage, "publicKeyPackage");
    requireNonNull(vssCommitment, "vssCommitment");
  }

  /** Closes every key package. */
  @Override
  public void close() {
    keyPackages.forEach(KeyPackage::close);
  }
}
