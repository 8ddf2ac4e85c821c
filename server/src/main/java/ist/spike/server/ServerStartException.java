package ist.spike.server;

/** Thrown when a {@link SpikeServer} cannot start (port in use, bad address). */
public final class ServerStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, with the address
   * @param cause the failure
   */
  public ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
