package ist.spike.nexus.transit;

/** No transit key has the name. */
public final class TransitKeyNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param name the key name (not secret)
   */
  public TransitKeyNotFoundException(String name) {
    super("no transit key named " + name);
  }
}
