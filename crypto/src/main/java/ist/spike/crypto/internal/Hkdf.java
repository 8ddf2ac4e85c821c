package ist.spike.crypto.internal;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) and HMAC-SHA256 over caller-owned key arrays. */
public final class Hkdf {
  private static final String HMAC = "HmacSHA256";
  private static final int HASH_LEN = 32;

  private Hkdf() {}

  /**
   * Derives {@code length} bytes. The caller owns and must zero both {@code ikm} and the result.
   *
   * @param ikm input key material
   * @param salt salt; empty means a string of 32 zero bytes as RFC 5869 specifies
   * @param info context and purpose
   * @param length output length, 1..8160
   * @return the output key material
   */
  public static byte[] deriveSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    requireNonNull(ikm, "ikm");
    requireNonNull(salt, "salt");
    requireNonNull(info, "info");
    if (length < 1 || length > 255 * HASH_LEN) {
      throw new IllegalArgumentException("HKDF length must be 1.." + 255 * HASH_LEN);
    }
    byte[] prk = hmacSha256(salt.length == 0 ? new byte[HASH_LEN] : salt, ikm);
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    try {
      int pos = 0;
      for (int counter = 1; pos < length; counter++) {
        Mac mac = mac(prk);
        mac.update(t);
        mac.update(info);
        mac.update((byte) counter);
        Arrays.fill(t, (byte) 0);
        t = mac.doFinal();
        int n = Math.min(t.length, length - pos);
        System.arraycopy(t, 0, out, pos, n);
        pos += n;
      }
      return out;
    } finally {
      Arrays.fill(prk, (byte) 0);
      Arrays.fill(t, (byte) 0);
    }
  }

  /**
   * Computes HMAC-SHA256.
   *
   * @param key the MAC key (caller owns and zeroes it)
   * @param data the message
   * @return the 32-byte tag
   */
  public static byte[] hmacSha256(byte[] key, byte[] data) {
    requireNonNull(key, "key");
    requireNonNull(data, "data");
    return mac(key).doFinal(data);
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("HMAC key rejected: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }
}
