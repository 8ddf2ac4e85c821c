package ist.spike.frost;

/** Signing nonces were used (or closed) already; each round-1 result signs exactly once. */
public final class NonceReusedException extends FrostException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public NonceReusedException() {
    super("these signing nonces were already used or closed; run round 1 again");
  }
}
