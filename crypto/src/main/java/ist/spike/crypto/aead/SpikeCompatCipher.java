package ist.spike.crypto.aead;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretAccess;
import ist.spike.crypto.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * SPIKE's cipher, byte for byte: AES-256-GCM keyed directly by the 32-byte root key, 12-byte random
 * nonce, 16-byte tag, <strong>no associated data</strong>, and a version byte {@code 0x01} that is
 * not authenticated.
 *
 * <p>Use only where compatibility with SPIKE requires it: the Nexus {@code /v1/cipher/*} routes and
 * {@code /v1/bootstrap/verify}, the SPIKE database import. For stored data use {@link AesGcmAead}
 * with a derived key. The instance keeps its own copy of the key in {@link SecretBytes}, builds the
 * JCE key for each operation from a copy that is zeroed at once, and {@link #close()} zeroes it.
 * This is the only implementation of SPIKE's cipher in the code base. Thread-safe.
 */
public final class SpikeCompatCipher implements AutoCloseable {
  /** SPIKE's cipher version byte. */
  public static final int VERSION = 1;

  /** Nonce size in bytes. */
  public static final int NONCE_SIZE = 12;

  /** Tag size in bytes. */
  public static final int TAG_SIZE = 16;

  private static final int CHUNK = 8192;
  private static final SecretAccess ACCESS = InsecureSecretAccess.get();

  private final SecretBytes key;
  private final List<SecretBytes> retired;
  private final SecureRandom random;

  private SpikeCompatCipher(SecretBytes key, List<SecretBytes> retired, SecureRandom random) {
    this.key = key;
    this.retired = retired;
    this.random = random;
  }

  /**
   * Creates the cipher keyed by the root key (copied).
   *
   * @param rootKey the key; the caller keeps ownership
   * @return the cipher
   */
  public static SpikeCompatCipher create(RootKey rootKey) {
    return create(rootKey, new SecureRandom());
  }

  /**
   * Creates the cipher with an explicit nonce source.
   *
   * @param rootKey the key; the caller keeps ownership
   * @param random the nonce source; must be cryptographically secure
   * @return the cipher
   */
  public static SpikeCompatCipher create(RootKey rootKey, SecureRandom random) {
    return create(rootKey, List.of(), random);
  }

  /**
   * Creates the cipher for a root key that replaced others (ADR-0162): it seals under {@code
   * rootKey} only, and opens what any of the keys sealed. SPIKE's layout names no key, so opening
   * tries the current key first, then the retired ones in the given order (newest first); the GCM
   * tag tells which one sealed the message, and a message none of them sealed fails as always.
   *
   * @param rootKey the current key; the caller keeps ownership
   * @param retired keys of earlier generations, newest first; the caller keeps ownership
   * @param random the nonce source; must be cryptographically secure
   * @return the cipher
   */
  public static SpikeCompatCipher create(
      RootKey rootKey, List<RootKey> retired, SecureRandom random) {
    requireNonNull(rootKey, "rootKey");
    requireNonNull(retired, "retired");
    requireNonNull(random, "random");
    List<SecretBytes> older = new ArrayList<>(retired.size());
    for (RootKey k : retired) {
      older.add(SecretBytes.takeOwnership(requireNonNull(k, "retired key").revealBytes(ACCESS)));
    }
    return new SpikeCompatCipher(
        SecretBytes.takeOwnership(rootKey.revealBytes(ACCESS)), List.copyOf(older), random);
  }

  /** Returns how many retired keys this cipher still opens with (not secret). */
  public int retiredKeys() {
    return retired.size();
  }

  /**
   * Encrypts with a fresh random nonce.
   *
   * @param plaintext the bytes to encrypt; may be empty
   * @return version, nonce and ciphertext with tag
   * @throws GeneralSecurityException if the platform cipher fails
   */
  public SpikeSealed seal(byte[] plaintext) throws GeneralSecurityException {
    byte[] nonce = new byte[NONCE_SIZE];
    random.nextBytes(nonce);
    return insecureSealWithNonce(nonce, plaintext);
  }

  /**
   * Encrypts with a caller-chosen nonce. Reusing a nonce under the same key destroys both
   * confidentiality and integrity; this exists only to reproduce SPIKE's test vectors.
   *
   * @param nonce exactly 12 bytes
   * @param plaintext the bytes to encrypt
   * @return version, nonce and ciphertext with tag
   * @throws GeneralSecurityException if the platform cipher fails
   */
  public SpikeSealed insecureSealWithNonce(byte[] nonce, byte[] plaintext)
      throws GeneralSecurityException {
    requireNonNull(nonce, "nonce");
    requireNonNull(plaintext, "plaintext");
    checkNonce(nonce);
    Cipher cipher = AesGcmAead.init(Cipher.ENCRYPT_MODE, key, nonce);
    return new SpikeSealed(nonce.clone(), cipher.doFinal(plaintext));
  }

  /**
   * Encrypts a stream into SPIKE's stream layout {@code 0x01 || nonce || ciphertext || tag} under a
   * fresh random nonce, in chunks, so memory use does not depend on the message length.
   *
   * @param in the plaintext; read to its end, not closed
   * @param out receives the layout; not closed
   * @param maxPlaintext the largest plaintext accepted, in bytes
   * @return the number of plaintext bytes encrypted
   * @throws PlaintextTooLargeException if the input exceeds {@code maxPlaintext}; the output is
   *     then incomplete (it lacks the tag) and must be discarded
   * @throws IOException if reading or writing fails
   * @throws GeneralSecurityException if the platform cipher fails
   */
  public long sealStream(InputStream in, OutputStream out, long maxPlaintext)
      throws IOException, PlaintextTooLargeException, GeneralSecurityException {
    requireNonNull(in, "in");
    requireNonNull(out, "out");
    byte[] nonce = new byte[NONCE_SIZE];
    random.nextBytes(nonce);
    Cipher cipher = AesGcmAead.init(Cipher.ENCRYPT_MODE, key, nonce);
    out.write(VERSION);
    out.write(nonce);
    byte[] buf = new byte[CHUNK];
    long total = 0;
    try {
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total > maxPlaintext) {
          throw new PlaintextTooLargeException(maxPlaintext);
        }
        byte[] part = cipher.update(buf, 0, n);
        if (part != null) {
          out.write(part);
        }
      }
      out.write(cipher.doFinal());
      return total;
    } finally {
      Arrays.fill(buf, (byte) 0);
    }
  }

  /**
   * Decrypts and authenticates.
   *
   * @param nonce the 12-byte nonce
   * @param ciphertext ciphertext followed by the tag
   * @return the plaintext
   * @throws IllegalArgumentException if the nonce is not 12 bytes
   * @throws DecryptionFailedException if authentication fails
   * @throws GeneralSecurityException if the platform cipher fails
   */
  public byte[] open(byte[] nonce, byte[] ciphertext) throws GeneralSecurityException {
    requireNonNull(nonce, "nonce");
    requireNonNull(ciphertext, "ciphertext");
    checkNonce(nonce);
    if (ciphertext.length < TAG_SIZE) {
      throw new DecryptionFailedException();
    }
    try {
      return AesGcmAead.init(Cipher.DECRYPT_MODE, key, nonce).doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      for (SecretBytes older : retired) {
        try {
          return AesGcmAead.init(Cipher.DECRYPT_MODE, older, nonce).doFinal(ciphertext);
        } catch (AEADBadTagException next) {
          // not this generation either
        }
      }
      throw new DecryptionFailedException();
    }
  }

  /**
   * Decrypts a {@link SpikeSealed}.
   *
   * @param sealed the sealed value
   * @return the plaintext
   * @throws DecryptionFailedException if authentication fails
   * @throws GeneralSecurityException if the platform cipher fails
   */
  public byte[] open(SpikeSealed sealed) throws GeneralSecurityException {
    requireNonNull(sealed, "sealed");
    return open(sealed.nonce(), sealed.ciphertext());
  }

  private static void checkNonce(byte[] nonce) {
    if (nonce.length != NONCE_SIZE) {
      throw new IllegalArgumentException(
          "nonce must be " + NONCE_SIZE + " bytes, was " + nonce.length);
    }
  }

  /** Zeroes this cipher's copies of the keys. */
  @Override
  public void close() {
    key.close();
    retired.forEach(SecretBytes::close);
  }

  @Override
  public String toString() {
    return "SpikeCompatCipher[AES-256-GCM, no AAD]";
  }
}
