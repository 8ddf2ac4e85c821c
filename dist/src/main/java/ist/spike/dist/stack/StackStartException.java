package ist.spike.dist.stack;

/** A component of the development stack did not come up; the message says which and where. */
public final class StackStartException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and which log to read
   */
  public StackStartException(String message) {
    super(message);
  }
}
