package ist.spike.nexus.store.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import ist.spike.nexus.store.IntegrityException;
import ist.spike.nexus.store.RootKeyMaterial;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts stored fields with AES-256-GCM under a storage key derived from the root key with
 * HKDF-SHA256, a fresh random nonce per field, and associated data naming the table, row and field,
 * so a ciphertext copied to another row or field fails to decrypt.
 *
 * <p>Layout: {@code 0x01 || keyId(4) || nonce(12) || ciphertext || tag(16)}. The key id is the
 * first 4 bytes of an HKDF output from the same root key; a mismatch is reported as such before
 * trying to decrypt.
 */
public final class FieldCipher implements AutoCloseable {
  private static final byte FORMAT = 1;
  private static final int KEY_ID_LENGTH = 4;
  private static final int NONCE_LENGTH = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER = 1 + KEY_ID_LENGTH + NONCE_LENGTH;
  private static final byte[] SALT = "spike-java nexus storage v1".getBytes(UTF_8);

  private final byte[] key;
  private final SecretKeySpec keySpec;
  private final byte[] keyId;
  private final SecureRandom random;

  private FieldCipher(byte[] key, byte[] keyId, SecureRandom random) {
    this.key = key;
    this.keySpec = new SecretKeySpec(key, "AES");
    this.keyId = keyId;
    this.random = random;
  }

  /**
   * Derives the storage key and key id from the root key.
   *
   * @param rootKey the root key
   * @param random the nonce source
   * @return the cipher
   */
  public static FieldCipher derive(RootKeyMaterial rootKey, SecureRandom random) {
    requireNonNull(rootKey, "rootKey");
    requireNonNull(random, "random");
    byte[] ikm = rootKey.revealCopy();
    byte[] prk = null;
    try {
      prk = hmac(SALT, ikm);
      byte[] key = expand(prk, "storage-key aes-256-gcm", 32);
      byte[] idBytes = expand(prk, "storage-key id", KEY_ID_LENGTH);
      return new FieldCipher(key, idBytes, random);
    } finally {
      Arrays.fill(ikm, (byte) 0);
      if (prk != null) {
        Arrays.fill(prk, (byte) 0);
      }
    }
  }

  /** Returns the key id as hex (not secret; safe to log). */
  public String keyIdHex() {
    return HexFormat.of().formatHex(keyId);
  }

  /**
   * Builds the associated data for a field.
   *
   * @param table the table name
   * @param row the row's identifying values (path, version, policy name …)
   * @param field the column
   * @return the associated data
   */
  public static byte[] aad(String table, String row, String field) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : new String[] {"spike-java/nexus/v1", table, row, field}) {
      byte[] b = part.getBytes(UTF_8);
      out.write(b.length >>> 8);
      out.write(b.length);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  /**
   * Encrypts a field under a fresh nonce.
   *
   * @param plaintext the field value
   * @param aad from {@link #aad}
   * @return the stored layout
   */
  public byte[] seal(byte[] plaintext, byte[] aad) {
    byte[] nonce = new byte[NONCE_LENGTH];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keySpec, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(new byte[] {FORMAT});
      c.updateAAD(keyId);
      c.updateAAD(aad);
      byte[] ct = c.doFinal(plaintext);
      ByteBuffer buf = ByteBuffer.allocate(HEADER + ct.length);
      buf.put(FORMAT).put(keyId).put(nonce).put(ct);
      return buf.array();
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
  public byte[] open(byte[] stored, byte[] aad, String where) {
    if (stored == null || stored.length < HEADER + TAG_BITS / 8 || stored[0] != FORMAT) {
      throw new IntegrityException("malformed ciphertext in " + where);
    }
    byte[] storedKeyId = Arrays.copyOfRange(stored, 1, 1 + KEY_ID_LENGTH);
    if (!Arrays.equals(storedKeyId, keyId)) {
      throw new IntegrityException(
          "ciphertext in "
              + where
              + " was written under storage key "
              + HexFormat.of().formatHex(storedKeyId)
              + ", but the current root key gives "
              + keyIdHex());
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          keySpec,
          new GCMParameterSpec(TAG_BITS, stored, 1 + KEY_ID_LENGTH, NONCE_LENGTH));
      c.updateAAD(new byte[] {FORMAT});
      c.updateAAD(keyId);
      c.updateAAD(aad);
      return c.doFinal(stored, HEADER, stored.length - HEADER);
    } catch (AEADBadTagException e) {
      throw new IntegrityException("integrity check failed for " + where);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** HKDF-Expand (RFC 5869) for at most one block. */
  private static byte[] expand(byte[] prk, String info, int length) {
    byte[] infoBytes = info.getBytes(UTF_8);
    byte[] input = Arrays.copyOf(infoBytes, infoBytes.length + 1);
    input[infoBytes.length] = 1;
    byte[] t = hmac(prk, input);
    try {
      return Arrays.copyOf(t, length);
    } finally {
      Arrays.fill(t, (byte) 0);
    }
  }

  @Override
  public void close() {
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public String toString() {
    return "FieldCipher[keyId=" + keyIdHex() + "]";
  }
}
