package ist.spike.crypto;

/**
 * The single source of {@link SecretAccess} tokens.
 *
 * <p>Call it only where secret bytes must leave their holder (feeding a cipher, writing a shard to
 * the wire, writing a recovery file). Reviewers grep for this class name.
 */
public final class InsecureSecretAccess {
  private InsecureSecretAccess() {}

  /**
   * Returns the access token.
   *
   * @return the token; never null
   */
  public static SecretAccess get() {
    return SecretAccess.INSTANCE;
  }
}
