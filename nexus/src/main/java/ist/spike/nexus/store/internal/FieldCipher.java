package ist.spike.nexus.store.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.Aad;
import ist.spike.crypto.aead.AeadKey;
import ist.spike.crypto.aead.AesGcmAead;
import ist.spike.crypto.aead.UnknownKeyIdException;
import ist.spike.nexus.store.IntegrityException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Encrypts stored fields with AES-256-GCM ({@link AesGcmAead}: fresh random nonce, key id in the
 * header) under a storage key derived from the root key with HKDF-SHA256 (purpose {@value
 * #PURPOSE}), with associated data naming the table, row and field, so a ciphertext copied to
 * another row or field fails to decrypt.
 */
public final class FieldCipher implements AutoCloseable {
  /** The HKDF purpose label of the storage key. */
  public static final String PURPOSE = "spike/nexus/storage/v1";

  private final AeadKey key;
  private final AesGcmAead aead;

  private FieldCipher(AeadKey key, AesGcmAead aead) {
    this.key = key;
    this.aead = aead;
  }

  /**
   * Derives the storage key from the root key.
   *
   * @param rootKey the root key (unchanged)
   * @param random the nonce source
   * @return the cipher
   */
  public static FieldCipher derive(RootKey rootKey, SecureRandom random) {
    requireNonNull(rootKey, "rootKey");
    requireNonNull(random, "random");
    AeadKey key = AeadKey.derive(rootKey, PURPOSE);
    return new FieldCipher(key, AesGcmAead.create(random, key));
  }

  /** Returns the storage key id as 8 hex digits (not secret; safe to log). */
  public String keyIdHex() {
    return String.format("%08x", key.keyId());
  }

  /**
   * Builds the associated data for a field.
   *
   * @param table the table name
   * @param row the row's identifying values (path, version, policy name …)
   * @param field the column
   * @return the associated data
   */
  public static Aad aad(String table, String row, String field) {
    return Aad.of("spike-java/nexus/v1", table, row, field);
  }

  /**
   * Encrypts a field under a fresh nonce.
   *
   * @param plaintext the field value
   * @param aad from {@link #aad}
   * @return the stored layout
   */
  public byte[] seal(byte[] plaintext, Aad aad) {
    try {
      return aead.seal(plaintext, aad);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /**
   * Decrypts and authenticates a field.
   *
   * @param stored the stored layout
   * @param aad the associated data the field must have been sealed with
   * @param where table/row description for the error message (no data)
   * @return the plaintext
   * @throws IntegrityException if the layout is malformed, the key id differs, or authentication
   *     fails
   */
  public byte[] open(byte[] stored, Aad aad, String where) {
    if (stored == null) {
      throw new IntegrityException("missing ciphertext in " + where);
    }
    try {
      return aead.open(stored, aad);
    } catch (UnknownKeyIdException e) {
      throw new IntegrityException(
          "ciphertext in "
              + where
              + " was written under storage key "
              + String.format("%08x", e.keyId())
              + ", but the current root key gives "
              + keyIdHex()
              + " (wrong root key?)");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IntegrityException("integrity check failed for " + where);
    }
  }

  @Override
  public void close() {
    key.close();
  }

  @Override
  public String toString() {
    return "FieldCipher[keyId=" + keyIdHex() + "]";
  }
}
