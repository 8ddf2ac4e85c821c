package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

/** A stored chain failed verification. */
public final class InvalidChainException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient ChainError error;

  /**
   * @param error the first failure
   */
  public InvalidChainException(ChainError error) {
    super(requireNonNull(error, "error").toString());
    this.error = error;
  }

  /** Returns the first failure. */
  public ChainError error() {
    return error;
  }
}
