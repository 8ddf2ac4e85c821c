package ist.spike.nexus.store;

/**
 * Another Nexus instance sharing the store holds the key-run exclusion (ADR-0164); the message
 * names that instance as the database knows it.
 */
public final class KeyRunHeldException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param holder who holds it, e.g. {@code "pid 4711 on nexus-b (127.0.0.1), since
   *     2026-12-05T19:30:01Z"}
   */
  public KeyRunHeldException(String holder) {
    super(holder);
  }

  /** Returns who holds the exclusion. */
  public String holder() {
    return getMessage();
  }
}
