package ist.spike.crypto.shamir;

/** Feldman commitments could not be parsed: wrong length, bad hex, or a point not on P-256. */
public final class InvalidCommitmentsException extends ShamirException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the broken rule (never secret bytes)
   */
  InvalidCommitmentsException(String message) {
    super(message);
  }
}
