package ist.spike.crypto.aead;

/** A plaintext given to {@link SpikeCompatCipher#sealStream} exceeds the caller's limit. */
public final class PlaintextTooLargeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /**
   * Creates the exception.
   *
   * @param limit the limit in bytes (not secret)
   */
  public PlaintextTooLargeException(long limit) {
    super("plaintext exceeds the limit of " + limit + " bytes");
    this.limit = limit;
  }

  /** Returns the limit in bytes. */
  public long limit() {
    return limit;
  }
}
