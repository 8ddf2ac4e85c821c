package ist.spike.receipts;

import java.security.GeneralSecurityException;

/**
 * Signs a receipt's 32-byte content hash on behalf of the 2-of-3 group. The production signer runs
 * FROST with two share holders; the result is a standard 64-byte Ed25519 signature under the group
 * public key.
 */
@FunctionalInterface
public interface ReceiptSigner {
  /**
   * Signs a message.
   *
   * @param message the bytes to sign (for receipts, the 32 raw bytes of the content hash)
   * @return a 64-byte Ed25519 signature
   * @throws GeneralSecurityException if signing fails (too few signers, a bad share, ...)
   */
  byte[] sign(byte[] message) throws GeneralSecurityException;
}
