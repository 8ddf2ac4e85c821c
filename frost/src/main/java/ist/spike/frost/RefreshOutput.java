package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The dealer's refresh output: one refresh share per remaining participant and the group's new
 * public key package (same group key, new verifying shares).
 *
 * @param shares one per participant, in the order requested
 * @param publicKeyPackage the refreshed public key package
 */
public record RefreshOutput(List<RefreshShare> shares, PublicKeyPackage publicKeyPackage)
    implements AutoCloseable {
  /** Validates and copies. */
  public RefreshOutput {
    shares = List.copyOf(requireNonNull(shares, "shares"));
    requireNonNull(publicKeyPackage, "publicKeyPackage");
  }

  /** Wipes every refresh share. */
  @Override
  public void close() {
    shares.forEach(RefreshShare::close);
  }
}
