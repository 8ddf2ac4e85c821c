package ist.spike.crypto.shamir;

/**
 * A Shamir scheme: {@code threshold} of {@code shares} shards recover the key. Not secret.
 *
 * <p>Valid when {@code 1 <= threshold <= shares <= }{@value #MAX_SHARES}. SPIKE's defaults are 2 of
 * 3 ({@link #DEFAULT}).
 *
 * @param threshold how many shards are needed (polynomial degree + 1)
 * @param shares how many shards are made
 */
public record ShamirParameters(int threshold, int shares) {
  /**
   * Upper bound on the share count (SPIKE's {@code SPIKE_NEXUS_SHAMIR_MAX_SHARE_COUNT} default).
   */
  public static final int MAX_SHARES = 1000;

  /** SPIKE's default scheme, 2 of 3. */
  public static final ShamirParameters DEFAULT = new ShamirParameters(2, 3);

  /** Validates through {@link #of}; the canonical constructor is for constants only. */
  public ShamirParameters {
    String problem = problem(threshold, shares);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Validates and creates parameters.
   *
   * @param threshold how many shards are needed; at least 1
   * @param shares how many shards are made; at least {@code threshold}, at most {@value
   *     #MAX_SHARES}
   * @return the parameters
   * @throws InvalidShamirParametersException with the broken rule and both values
   */
  public static ShamirParameters of(int threshold, int shares)
      throws InvalidShamirParametersException {
    String problem = problem(threshold, shares);
    if (problem != null) {
      throw new InvalidShamirParametersException(problem);
    }
    return new ShamirParameters(threshold, shares);
  }

  private static String problem(int threshold, int shares) {
    if (threshold < 1) {
      return "Shamir threshold must be at least 1, was " + threshold;
    }
    if (shares < threshold) {
      return "Shamir shares must be at least the threshold: threshold "
          + threshold
          + " > shares "
          + shares;
    }
    if (shares > MAX_SHARES) {
      return "Shamir shares must be at most " + MAX_SHARES + ", was " + shares;
    }
    return null;
  }

  @Override
  public String toString() {
    return threshold + "-of-" + shares;
  }
}
