package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

/**
 * The first failure found in a chain.
 *
 * @param index the zero-based index of the first bad receipt
 * @param kind the rule broken
 * @param message the rule and non-secret values, for people
 */
public record ChainError(int index, ChainErrorKind kind, String message) {
  /** Validates the components. */
  public ChainError {
    requireNonNull(kind, "kind");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return "receipt " + index + ": " + kind + ": " + message;
  }
}
