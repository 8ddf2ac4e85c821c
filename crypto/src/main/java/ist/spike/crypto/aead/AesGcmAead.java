package ist.spike.crypto.aead;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per message, mandatory associated data and a key id
 * header (see {@link CiphertextHeader} for the layout).
 *
 * <p>An instance holds one primary key used for sealing and any number of older keys that are still
 * accepted for opening, which lets data be re-encrypted lazily after a key rotation. It keeps
 * references to the given {@link AeadKey}s; closing a key makes later operations with it fail.
 * Random nonces are safe for up to 2^32 messages per key (NIST SP 800-38D).
 */
public final class AesGcmAead implements Aead {
  /** Nonce size in bytes. */
  public static final int NONCE_SIZE = 12;

  /** Tag size in bytes. */
  public static final int TAG_SIZE = 16;

  /** Bytes added to every plaintext: header, nonce and tag. */
  public static final int OVERHEAD = CiphertextHeader.SIZE + NONCE_SIZE + TAG_SIZE;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final AeadKey primary;
  private final Map<Integer, AeadKey> keys;
  private final SecureRandom random;

  private AesGcmAead(AeadKey primary, Map<Integer, AeadKey> keys, SecureRandom random) {
    this.primary = primary;
    this.keys = keys;
    this.random = random;
  }

  /**
   * Creates an AEAD that seals with {@code primary} and opens data sealed with {@code primary} or
   * any of {@code older}.
   *
   * @param primary the key for new ciphertexts
   * @param older keys still accepted for opening
   * @return the AEAD
   * @throws IllegalArgumentException if two keys share a key id
   */
  public static AesGcmAead create(AeadKey primary, AeadKey... older) {
    return create(new SecureRandom(), primary, older);
  }

  /**
   * Like {@link #create(AeadKey, AeadKey...)} with an explicit nonce source.
   *
   * @param random the source of nonces; must be cryptographically secure
   * @param primary the key for new ciphertexts
   * @param older keys still accepted for opening
   * @return the AEAD
   */
  public static AesGcmAead create(SecureRandom random, AeadKey primary, AeadKey... older) {
    requireNonNull(random, "random");
    requireNonNull(primary, "primary");
    requireNonNull(older, "older");
    Map<Integer, AeadKey> keys = new LinkedHashMap<>();
    keys.put(primary.keyId(), primary);
    for (AeadKey key : older) {
      requireNonNull(key, "older key");
      if (keys.putIfAbsent(key.keyId(), key) != null) {
        throw new IllegalArgumentException(
            "two keys share the key id " + AeadKey.formatKeyId(key.keyId()));
      }
    }
    return new AesGcmAead(primary, Map.copyOf(keys), random);
  }

  /** Returns the key id that {@link #seal} writes. */
  public int primaryKeyId() {
    return primary.keyId();
  }

  @Override
  public byte[] seal(byte[] plaintext, Aad aad) throws GeneralSecurityException {
    requireNonNull(plaintext, "plaintext");
    requireNonNull(aad, "aad");
    if (plaintext.length > Integer.MAX_VALUE - OVERHEAD) {
      throw new IllegalArgumentException("plaintext too large: " + plaintext.length + " bytes");
    }
    byte[] out = new byte[OVERHEAD + plaintext.length];
    new CiphertextHeader(CiphertextHeader.FORMAT_VERSION, primary.keyId()).writeTo(out);
    byte[] nonce = new byte[NONCE_SIZE];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, CiphertextHeader.SIZE, NONCE_SIZE);
    Cipher cipher = init(Cipher.ENCRYPT_MODE, primary.secretBytes(), nonce);
    cipher.updateAAD(out, 0, CiphertextHeader.SIZE);
    cipher.updateAAD(aad.encodedInternal());
    cipher.doFinal(plaintext, 0, plaintext.length, out, CiphertextHeader.SIZE + NONCE_SIZE);
    return out;
  }

  @Override
  public byte[] open(byte[] ciphertext, Aad aad) throws GeneralSecurityException {
    requireNonNull(ciphertext, "ciphertext");
    requireNonNull(aad, "aad");
    CiphertextHeader header = CiphertextHeader.parse(ciphertext);
    AeadKey key = keys.get(header.keyId());
    if (key == null) {
      throw new UnknownKeyIdException(header.keyId());
    }
    byte[] nonce =
        Arrays.copyOfRange(ciphertext, CiphertextHeader.SIZE, CiphertextHeader.SIZE + NONCE_SIZE);
    Cipher cipher = init(Cipher.DECRYPT_MODE, key.secretBytes(), nonce);
    cipher.updateAAD(ciphertext, 0, CiphertextHeader.SIZE);
    cipher.updateAAD(aad.encodedInternal());
    int offset = CiphertextHeader.SIZE + NONCE_SIZE;
    try {
      return cipher.doFinal(ciphertext, offset, ciphertext.length - offset);
    } catch (AEADBadTagException e) {
      throw new DecryptionFailedException();
    }
  }

  /**
   * Returns a JCE AES-GCM cipher (16-byte tag) initialised with {@code key} and {@code nonce}; the
   * revealed copy of the key is zeroed before this returns. Shared with {@link SpikeCompatCipher}.
   */
  static Cipher init(int mode, SecretBytes key, byte[] nonce) throws GeneralSecurityException {
    byte[] raw = key.revealBytes(InsecureSecretAccess.get());
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(mode, new SecretKeySpec(raw, "AES"), new GCMParameterSpec(TAG_SIZE * 8, nonce));
      return cipher;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "AesGcmAead[primary="
        + AeadKey.formatKeyId(primary.keyId())
        + ", keys="
        + keys.size()
        + "]";
  }
}
