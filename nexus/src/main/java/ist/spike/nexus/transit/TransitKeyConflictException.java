package ist.spike.nexus.transit;

/** The key already exists (create), or it kept changing under a concurrent writer. */
public final class TransitKeyConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what conflicted and what to do
   */
  public TransitKeyConflictException(String message) {
    super(message);
  }
}
