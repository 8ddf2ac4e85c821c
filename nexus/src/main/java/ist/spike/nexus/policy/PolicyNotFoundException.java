package ist.spike.nexus.policy;

/** No policy has the given name (HTTP 404; SPIKE answers 500). */
public final class PolicyNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param name the policy name
   */
  public PolicyNotFoundException(String name) {
    super("no policy named '" + name + "'");
  }
}
