package ist.spike.crypto.aead;

import java.security.GeneralSecurityException;

/**
 * Authenticated encryption with associated data, where the implementation picks the nonce.
 *
 * <p>{@code open(seal(p, aad), aad)} returns {@code p}. Any change to the ciphertext, or a
 * different {@code aad}, makes {@code open} throw; it never returns unauthenticated bytes.
 * Implementations are thread-safe.
 */
public interface Aead {
  /**
   * Encrypts and authenticates {@code plaintext}, binding it to {@code aad}.
   *
   * @param plaintext the bytes to protect; may be empty; not retained
   * @param aad the context the ciphertext belongs to; required
   * @return header, nonce and ciphertext with tag
   * @throws GeneralSecurityException if the platform cipher fails
   */
  byte[] seal(byte[] plaintext, Aad aad) throws GeneralSecurityException;

  /**
   * Authenticates and decrypts a ciphertext produced by {@link #seal}.
   *
   * @param ciphertext the sealed bytes
   * @param aad the same context that was given to {@code seal}
   * @return the plaintext; the caller should zero it when it is secret
   * @throws UnknownKeyIdException if the header names a key this instance does not hold
   * @throws DecryptionFailedException if authentication fails for any other reason
   * @throws GeneralSecurityException if the platform cipher fails
   */
  byte[] open(byte[] ciphertext, Aad aad) throws GeneralSecurityException;
}
