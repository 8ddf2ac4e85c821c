package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The result of verifying a chain.
 *
 * @param receipts how many receipts the chain holds
 * @param error the first failure, or empty if the chain is valid
 * @param finalState the lifecycle state the chain reaches (empty if it is invalid)
 */
public record ChainReport(
    int receipts, Optional<ChainError> error, Optional<LifecycleState> finalState) {
  /** Validates the components. */
  public ChainReport {
    requireNonNull(error, "error");
    requireNonNull(finalState, "finalState");
  }

  /** Whether every check passed. */
  public boolean isValid() {
    return error.isEmpty();
  }
}
