package ist.spike.frost;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Scalar;
import java.util.List;

/**
 * A participant's share of the dealer's zero-secret refresh polynomial, with the public commitment
 * to that polynomial's non-constant coefficients. Secret: send it to its owner only, over a
 * confidential, authenticated channel. Wiped on close.
 */
public final class RefreshShare implements AutoCloseable {
  private final Identifier identifier;
  private final Scalar value;
  private final List<EdwardsPoint> commitments;

  RefreshShare(Identifier identifier, Scalar value, List<EdwardsPoint> commitments) {
    this.identifier = identifier;
    this.value = value;
    this.commitments = List.copyOf(commitments);
  }

  /** The participant this refresh share is for. */
  public Identifier identifier() {
    return identifier;
  }

  Scalar value() {
    return value;
  }

  /** Commitments to the polynomial including its zero constant term (the identity) first. */
  List<EdwardsPoint> commitments() {
    return commitments;
  }

  boolean isWiped() {
    return value.isWiped();
  }

  @Override
  public void close() {
    value.close();
  }

  @Override
  public String toString() {
    return "RefreshShare[" + identifier + ", redacted]";
  }
}
