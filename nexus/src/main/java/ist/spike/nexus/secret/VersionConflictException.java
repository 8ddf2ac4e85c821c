package ist.spike.nexus.secret;

/**
 * A check-and-set put named a version that is no longer current (HTTP 409). Nothing was written.
 */
public final class VersionConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int expected;
  private final int actual;

  /**
   * Creates the exception.
   *
   * @param path the secret path
   * @param expected the version the caller expected to be current
   * @param actual the version that is current (0 when the path does not exist)
   */
  public VersionConflictException(String path, int expected, int actual) {
    super(
        "check-and-set failed for "
            + path
            + ": expected current version "
            + expected
            + " but it is "
            + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /** Returns the version the caller expected. */
  public int expected() {
    return expected;
  }

  /** Returns the current version. */
  public int actual() {
    return actual;
  }
}
