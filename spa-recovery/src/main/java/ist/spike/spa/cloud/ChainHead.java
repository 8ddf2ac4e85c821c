package ist.spike.spa.cloud;

import static java.util.Objects.requireNonNull;

/**
 * The head of a receipt chain as anchored outside the user's directory.
 *
 * @param hashHex the content hash of the last receipt (64 lower-case hex digits)
 * @param receipts how many receipts the chain had
 */
public record ChainHead(String hashHex, int receipts) {
  /** Validates the components. */
  public ChainHead {
    requireNonNull(hashHex, "hashHex");
    if (receipts < 1) {
      throw new IllegalArgumentException("a chain head counts at least one receipt");
    }
  }
}
