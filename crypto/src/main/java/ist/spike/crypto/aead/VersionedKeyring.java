package ist.spike.crypto.aead;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The versions of one named key: AES-256-GCM keys numbered 1, 2, …, the latest of which seals, and
 * a minimum version below which nothing is opened any more. Ciphertexts are {@link
 * TransitCiphertext} texts whose AEAD key id is the version; the caller's {@link Aad} (for example
 * the key's name) is bound to each of them.
 *
 * <p>Owns its {@link AeadKey}s: {@link #close()} zeroes them. Thread-safe for encrypt, decrypt and
 * rewrap until closed.
 */
public final class VersionedKeyring implements AutoCloseable {
  private final NavigableMap<Integer, AeadKey> keys;
  private final int minDecryptionVersion;
  private final AesGcmAead aead;

  private VersionedKeyring(NavigableMap<Integer, AeadKey> keys, int minDecryptionVersion) {
    this.keys = keys;
    this.minDecryptionVersion = minDecryptionVersion;
    AeadKey[] older = keys.headMap(keys.lastKey(), false).values().toArray(AeadKey[]::new);
    this.aead = AesGcmAead.create(keys.lastEntry().getValue(), older);
  }

  /**
   * Creates a keyring that takes ownership of {@code keys}.
   *
   * @param keys the versions; each key's id must equal its version (at least 1); not empty
   * @param minDecryptionVersion the lowest version that still decrypts, 1..latest
   * @return the keyring
   * @throws IllegalArgumentException if a key id differs from its version, or the minimum is out of
   *     range
   */
  public static VersionedKeyring of(Map<Integer, AeadKey> keys, int minDecryptionVersion) {
    requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a keyring needs at least one version");
    }
    TreeMap<Integer, AeadKey> copy = new TreeMap<>();
    for (Map.Entry<Integer, AeadKey> e : keys.entrySet()) {
      int v = requireNonNull(e.getKey(), "version");
      AeadKey k = requireNonNull(e.getValue(), "key");
      if (v < 1 || k.keyId() != v) {
        throw new IllegalArgumentException(
            "version " + v + " must be >= 1 and equal to its key's id " + k.keyId());
      }
      copy.put(v, k);
    }
    if (minDecryptionVersion < 1 || minDecryptionVersion > copy.lastKey()) {
      throw new IllegalArgumentException(
          "minDecryptionVersion must be between 1 and " + copy.lastKey());
    }
    return new VersionedKeyring(Collections.unmodifiableNavigableMap(copy), minDecryptionVersion);
  }

  /** Returns the version that {@link #encrypt} uses. */
  public int latestVersion() {
    return keys.lastKey();
  }

  /** Returns the lowest version {@link #decrypt} accepts. */
  public int minDecryptionVersion() {
    return minDecryptionVersion;
  }

  /**
   * Encrypts with the latest version.
   *
   * @param plaintext the bytes; not retained
   * @param aad the context (for example the key's name)
   * @return the ciphertext
   * @throws GeneralSecurityException if the platform cipher fails
   */
  public TransitCiphertext encrypt(byte[] plaintext, Aad aad) throws GeneralSecurityException {
    return new TransitCiphertext(latestVersion(), aead.seal(plaintext, aad));
  }

  /**
   * Decrypts a ciphertext made by any version from the minimum up.
   *
   * @param ciphertext the ciphertext
   * @param aad the context it was made with
   * @return the plaintext; the caller zeroes it
   * @throws KeyVersionRetiredException if its version is below the minimum
   * @throws UnknownKeyIdException if its version does not exist
   * @throws DecryptionFailedException if it does not authenticate (including a text version that
   *     differs from the authenticated one)
   * @throws GeneralSecurityException if the platform cipher fails
   */
  public byte[] decrypt(TransitCiphertext ciphertext, Aad aad) throws GeneralSecurityException {
    requireNonNull(ciphertext, "ciphertext");
    int v = ciphertext.version();
    if (v < minDecryptionVersion) {
      throw new KeyVersionRetiredException(v, minDecryptionVersion);
    }
    if (!keys.containsKey(v)) {
      throw new UnknownKeyIdException(v);
    }
    byte[] sealed = ciphertext.sealed();
    if (CiphertextHeader.parse(sealed).keyId() != v) {
      throw new DecryptionFailedException();
    }
    return aead.open(sealed, aad);
  }

  /**
   * Decrypts and encrypts again with the latest version; the plaintext never leaves this method and
   * is zeroed before it returns.
   *
   * @param ciphertext a ciphertext {@link #decrypt} accepts
   * @param aad its context, kept for the new ciphertext
   * @return the new ciphertext
   * @throws GeneralSecurityException as for {@link #decrypt}
   */
  public TransitCiphertext rewrap(TransitCiphertext ciphertext, Aad aad)
      throws GeneralSecurityException {
    byte[] plain = decrypt(ciphertext, aad);
    try {
      return encrypt(plain, aad);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** Zeroes every version's key. Idempotent. */
  @Override
  public void close() {
    keys.values().forEach(AeadKey::close);
  }

  @Override
  public String toString() {
    return "VersionedKeyring[latest="
        + latestVersion()
        + ", min="
        + minDecryptionVersion
        + ", versions="
        + keys.size()
        + "]";
  }
}
