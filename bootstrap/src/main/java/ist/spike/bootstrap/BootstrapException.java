package ist.spike.bootstrap;

/** Bootstrap could not complete; the message tells the operator what failed and what to do. */
public final class BootstrapException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int exitStatus;

  /**
   * @param exitStatus the process exit status to use
   * @param message what failed and what to do (no key material)
   */
  public BootstrapException(int exitStatus, String message) {
    super(message);
    this.exitStatus = exitStatus;
  }

  /** Returns the process exit status for this failure. */
  public int exitStatus() {
    return exitStatus;
  }
}
