package ist.spike.crypto.shamir;

/**
 * A shard is unusable: index below 1, value not 32 bytes, value all zero or not below the P-256
 * order n, a duplicate index in a recovery set, or a malformed recovery line.
 */
public final class InvalidShardException extends ShamirException {
  private static final long serialVersionUID = 1L;

  InvalidShardException(String message) {
    super(message);
  }
}
