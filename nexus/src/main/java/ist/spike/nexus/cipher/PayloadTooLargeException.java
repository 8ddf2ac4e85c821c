package ist.spike.nexus.cipher;

/** A cipher payload exceeds {@code SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE}. */
public final class PayloadTooLargeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /**
   * Creates the exception.
   *
   * @param limit the configured limit in bytes
   */
  public PayloadTooLargeException(long limit) {
    super("payload exceeds the limit of " + limit + " bytes");
    this.limit = limit;
  }

  /** Returns the limit in bytes. */
  public long limit() {
    return limit;
  }
}
