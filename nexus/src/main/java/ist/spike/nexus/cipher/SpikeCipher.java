package ist.spike.nexus.cipher;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SPIKE's encryption-as-a-service cipher: AES-256-GCM with a fresh random 12-byte nonce per
 * message, 16-byte tag, no associated data (SPIKE's format, kept for interoperability; storage uses
 * a different, AAD-bound AEAD).
 *
 * <p>Thread-safe. {@link #close()} zeroes the key copy held here.
 */
public final class SpikeCipher implements AutoCloseable {
  /** The only format version. */
  public static final int VERSION = 1;

  /** Nonce length in bytes. */
  public static final int NONCE_LENGTH = 12;

  /** Tag length in bytes. */
  public static final int TAG_LENGTH = 16;

  private static final int CHUNK = 8192;

  private final byte[] key;
  private final SecretKeySpec keySpec;
  private final SecureRandom random;

  private SpikeCipher(byte[] key, SecureRandom random) {
    this.key = key;
    this.keySpec = new SecretKeySpec(key, "AES");
    this.random = random;
  }

  /**
   * Creates the cipher keyed by the root key itself (as SPIKE does).
   *
   * @param rootKey the root key; a copy is taken
   * @param random the nonce source
   * @return the cipher
   */
  public static SpikeCipher create(RootKey rootKey, SecureRandom random) {
    requireNonNull(rootKey, "rootKey");
    requireNonNull(random, "random");
    return new SpikeCipher(rootKey.revealBytes(InsecureSecretAccess.get()), random);
  }

  /**
   * Encrypts a message under a fresh nonce.
   *
   * @param plaintext the message
   * @return version, nonce and sealed bytes
   */
  public SealedMessage seal(byte[] plaintext) {
    requireNonNull(plaintext, "plaintext");
    byte[] nonce = new byte[NONCE_LENGTH];
    random.nextBytes(nonce);
    return insecureSealWithNonce(plaintext, nonce);
  }

  /**
   * Encrypts with a caller-chosen nonce. Reusing a nonce under the same key breaks GCM; only tests
   * reproducing fixed vectors may call this.
   *
   * @param plaintext the message
   * @param nonce 12 bytes
   * @return version, nonce and sealed bytes
   */
  SealedMessage insecureSealWithNonce(byte[] plaintext, byte[] nonce) {
    try {
      Cipher c = init(Cipher.ENCRYPT_MODE, nonce);
      return new SealedMessage(VERSION, nonce, c.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /**
   * Decrypts and authenticates a message.
   *
   * @param nonce 12 bytes
   * @param sealed ciphertext and tag
   * @return the plaintext
   * @throws DecryptionFailedException if authentication fails
   * @throws IllegalArgumentException if the nonce length is wrong
   */
  public byte[] open(byte[] nonce, byte[] sealed) throws DecryptionFailedException {
    requireNonNull(nonce, "nonce");
    requireNonNull(sealed, "sealed");
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException(
          "nonce must be " + NONCE_LENGTH + " bytes; got " + nonce.length);
    }
    if (sealed.length < TAG_LENGTH) {
      throw new DecryptionFailedException();
    }
    try {
      return init(Cipher.DECRYPT_MODE, nonce).doFinal(sealed);
    } catch (AEADBadTagException e) {
      throw new DecryptionFailedException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /**
   * Encrypts a stream into SPIKE's stream layout {@code 0x01 || nonce || ciphertext || tag},
   * processing it in chunks: memory use does not depend on the message length.
   *
   * @param in the plaintext; read to its end
   * @param out receives the layout; not closed
   * @param maxPlaintext the largest plaintext accepted
   * @return the number of plaintext bytes encrypted
   * @throws PayloadTooLargeException if the input exceeds {@code maxPlaintext}; the output is then
   *     incomplete (it lacks the tag) and must be discarded
   * @throws IOException if reading or writing fails
   */
  public long encryptStream(InputStream in, OutputStream out, long maxPlaintext)
      throws IOException, PayloadTooLargeException {
    byte[] nonce = new byte[NONCE_LENGTH];
    random.nextBytes(nonce);
    Cipher c;
    try {
      c = init(Cipher.ENCRYPT_MODE, nonce);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
    out.write(VERSION);
    out.write(nonce);
    byte[] buf = new byte[CHUNK];
    long total = 0;
    try {
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total > maxPlaintext) {
          throw new PayloadTooLargeException(maxPlaintext);
        }
        byte[] part = c.update(buf, 0, n);
        if (part != null) {
          out.write(part);
        }
      }
      out.write(c.doFinal());
      return total;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    } finally {
      Arrays.fill(buf, (byte) 0);
    }
  }

  private Cipher init(int mode, byte[] nonce) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, keySpec, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
    return c;
  }

  @Override
  public void close() {
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public String toString() {
    return "SpikeCipher[AES-256-GCM]";
  }
}
