package ist.spike.nexus.rotation;

/**
 * Recovery shards of a root-key generation that a finished rotation replaced were offered to
 * restore (HTTP 400). The message names the rotation and what to do.
 */
public final class SupersededRecoveryException extends Exception {
  private static final long serialVersionUID = 1L;

  SupersededRecoveryException(int offered, int current) {
    super(
        "these recovery shards belong to root-key generation "
            + offered
            + ", which was superseded by a rotation to generation "
            + current
            + "; use the files from `spike operator recover` run after that rotation");
  }
}
