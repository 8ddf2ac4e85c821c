package ist.spike.crypto.shamir;

/** Fewer shards than the threshold were supplied to {@link Shamir#recover}. */
public final class NotEnoughShardsException extends ShamirException {
  private static final long serialVersionUID = 1L;

  private final int supplied;
  private final int threshold;

  NotEnoughShardsException(int supplied, int threshold) {
    super("recovery needs at least " + threshold + " shards (the threshold), got " + supplied);
    this.supplied = supplied;
    this.threshold = threshold;
  }

  /** Returns how many shards were supplied. */
  public int supplied() {
    return supplied;
  }

  /** Returns how many are needed. */
  public int threshold() {
    return threshold;
  }
}
