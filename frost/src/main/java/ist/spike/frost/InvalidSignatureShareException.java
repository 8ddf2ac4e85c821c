package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One or more signature shares failed verification; the culprits are named. No signature. */
public final class InvalidSignatureShareException extends FrostException {
  private static final long serialVersionUID = 1L;
  private final List<Identifier> culprits;

  /**
   * @param culprits the signers whose shares are invalid, in identifier order; not empty
   */
  public InvalidSignatureShareException(List<Identifier> culprits) {
    super(message(culprits));
    this.culprits = List.copyOf(culprits);
  }

  private static String message(List<Identifier> culprits) {
    requireNonNull(culprits, "culprits");
    if (culprits.isEmpty()) {
      throw new IllegalArgumentException("culprits must not be empty");
    }
    return culprits.size() == 1
        ? "invalid signature share from signer " + culprits.get(0)
        : "invalid signature shares from signers " + culprits;
  }

  /** The signers whose shares are invalid, in identifier order. */
  public List<Identifier> culprits() {
    return culprits;
  }

  /** The first (lowest) culprit. */
  public Identifier culprit() {
    return culprits.get(0);
  }
}
