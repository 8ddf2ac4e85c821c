package ist.spike.nexus.store.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.Aad;
import ist.spike.crypto.aead.AeadKey;
import ist.spike.crypto.aead.AesGcmAead;
import ist.spike.crypto.aead.CiphertextHeader;
import ist.spike.crypto.aead.UnknownKeyIdException;
import ist.spike.nexus.store.IntegrityException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

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
  private final List<AeadKey> older;
  private final AesGcmAead aead;

  private FieldCipher(AeadKey key, List<AeadKey> older, AesGcmAead aead) {
    this.key = key;
    this.older = older;
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
    return derive(rootKey, List.of(), random);
  }

  /**
   * Derives the storage key from the root key, and keys that still open fields sealed under earlier
   * root keys (during and after a rotation, ADR-0162); the key id in each field's header picks the
   * key, so no field is tried under a wrong one.
   *
   * @param rootKey the root key new fields are sealed under (unchanged)
   * @param older root keys whose fields this cipher still opens (unchanged)
   * @param random the nonce source
   * @return the cipher
   */
  public static FieldCipher derive(RootKey rootKey, List<RootKey> older, SecureRandom random) {
    requireNonNull(rootKey, "rootKey");
    requireNonNull(older, "older");
    requireNonNull(random, "random");
    AeadKey key = AeadKey.derive(rootKey, PURPOSE);
    List<AeadKey> olderKeys = new ArrayList<>();
    for (RootKey k : older) {
      olderKeys.add(AeadKey.derive(k, PURPOSE));
    }
    return new FieldCipher(
        key,
        List.copyOf(olderKeys),
        AesGcmAead.create(random, key, olderKeys.toArray(new AeadKey[0])));
  }

  /**
   * Returns whether a stored field was sealed under this cipher's current key (a rotation re-seals
   * the others); reads only the public header.
   *
   * @param stored the stored layout
   * @return true if its key id is the current one
   */
  public boolean sealedUnderCurrentKey(byte[] stored) {
    try {
      return CiphertextHeader.parse(stored).keyId() == key.keyId();
    } catch (GeneralSecurityException e) {
      return false;
    }
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
    older.forEach(AeadKey::close);
  }

  @Override
  public String toString() {
    return "FieldCipher[keyId=" + keyIdHex() + "]";
  }
}
