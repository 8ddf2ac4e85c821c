package ist.spike.crypto;

/**
 * A capability token that must be presented to read secret bytes out of a holder.
 *
 * <p>The only way to obtain one is {@link InsecureSecretAccess#get()}, so every place in the code
 * that reveals key material can be found with {@code grep InsecureSecretAccess}.
 */
public final class SecretAccess {
  static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  @Override
  public String toString() {
    return "SecretAccess";
  }
}
