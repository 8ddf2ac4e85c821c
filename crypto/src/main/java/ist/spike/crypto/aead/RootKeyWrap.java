package ist.spike.crypto.aead;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.InvalidRootKeyException;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Seals one root key under another, so that a store can hold a root key of one generation that only
 * the key of another generation opens (root-key rotation, ADR-0162). The sealing key is derived
 * from the wrapping root key (HKDF purpose {@value #PURPOSE}); the associated data names both
 * generations, so a wrapped key opens only as the generation pair it was sealed for. The layout is
 * {@link AesGcmAead}'s, whose key id tells a wrong wrapping key apart from tampering.
 */
public final class RootKeyWrap {
  /** The HKDF purpose label of the wrapping key. */
  public static final String PURPOSE = "spike/root-key-wrap/v1";

  private RootKeyWrap() {}

  /**
   * Seals {@code sealed} under {@code under}.
   *
   * @param sealed the key to store (unchanged)
   * @param sealedGeneration its generation, at least 1
   * @param under the key that will open it (unchanged)
   * @param underGeneration its generation, at least 1 and not {@code sealedGeneration}
   * @param random the nonce source
   * @return the wrapped key, {@value AesGcmAead#OVERHEAD} bytes longer than a root key
   */
  public static byte[] seal(
      RootKey sealed,
      int sealedGeneration,
      RootKey under,
      int underGeneration,
      SecureRandom random) {
    requireNonNull(sealed, "sealed");
    requireNonNull(under, "under");
    requireNonNull(random, "random");
    Aad aad = aad(sealedGeneration, underGeneration);
    byte[] raw = sealed.revealBytes(InsecureSecretAccess.get());
    try (AeadKey key = AeadKey.derive(under, PURPOSE)) {
      return AesGcmAead.create(random, key).seal(raw, aad);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Opens a wrapped key.
   *
   * @param wrapped from {@link #seal}
   * @param sealedGeneration the generation the stored key must be
   * @param under the key of generation {@code underGeneration}
   * @param underGeneration the generation of {@code under}
   * @return the root key; the caller closes it
   * @throws UnknownKeyIdException if {@code under} is not the key it was sealed under
   * @throws DecryptionFailedException if it was changed or sealed for other generations
   * @throws GeneralSecurityException if the platform cipher fails
   */
  public static RootKey open(
      byte[] wrapped, int sealedGeneration, RootKey under, int underGeneration)
      throws GeneralSecurityException {
    requireNonNull(wrapped, "wrapped");
    requireNonNull(under, "under");
    Aad aad = aad(sealedGeneration, underGeneration);
    byte[] raw;
    try (AeadKey key = AeadKey.derive(under, PURPOSE)) {
      raw = AesGcmAead.create(new SecureRandom(), key).open(wrapped, aad);
    }
    try (SecretBytes bytes = SecretBytes.takeOwnership(raw)) {
      return RootKey.of(bytes);
    } catch (InvalidRootKeyException e) {
      // Authenticated, so only a sealer bug gets here.
      throw new DecryptionFailedException();
    }
  }

  private static Aad aad(int sealedGeneration, int underGeneration) {
    if (sealedGeneration < 1 || underGeneration < 1) {
      throw new IllegalArgumentException(
          "generations start at 1, were " + sealedGeneration + " and " + underGeneration);
    }
    if (sealedGeneration == underGeneration) {
      throw new IllegalArgumentException(
          "a key is not wrapped under its own generation " + sealedGeneration);
    }
    return Aad.of(
        "spike-java/root-key-wrap/v1",
        Integer.toString(sealedGeneration),
        Integer.toString(underGeneration));
  }
}
