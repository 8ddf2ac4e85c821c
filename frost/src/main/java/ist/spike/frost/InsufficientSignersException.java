package ist.spike.frost;

/** Fewer signers took part than the group's threshold requires; nothing was computed. */
public final class InsufficientSignersException extends FrostException {
  private static final long serialVersionUID = 1L;
  private final int have;
  private final int need;

  /**
   * @param have how many signers took part
   * @param need the threshold (minimum number of signers)
   */
  public InsufficientSignersException(int have, int need) {
    super("need " + need + " signers, have " + have);
    this.have = have;
    this.need = need;
  }

  /** How many signers took part. */
  public int have() {
    return have;
  }

  /** The threshold. */
  public int need() {
    return need;
  }
}
