package ist.spike.crypto.aead;

import static java.util.Objects.requireNonNull;

import java.util.Base64;

/**
 * The text form of a {@link VersionedKeyring} ciphertext: {@code spike:v<version>:<base64>}, where
 * the base64 (standard alphabet, padded) holds {@link AesGcmAead}'s output, whose authenticated
 * header repeats the version as key id. The key's name is not part of the text: it is bound as
 * associated data instead, so the text does not say which key made it.
 *
 * @param version the key version, at least 1
 * @param sealed the AEAD output (header, nonce, ciphertext, tag)
 */
public record TransitCiphertext(int version, byte[] sealed) {
  /** The text prefix. */
  public static final String PREFIX = "spike:v";

  /** Largest version number a text may name (more digits are refused before parsing). */
  public static final int MAX_VERSION_DIGITS = 9;

  /** Validates and copies the components. */
  public TransitCiphertext {
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1; got " + version);
    }
    sealed = requireNonNull(sealed, "sealed").clone();
  }

  /** Returns a copy of the sealed bytes. */
  @Override
  public byte[] sealed() {
    return sealed.clone();
  }

  /** Returns {@code spike:v<version>:<base64>}. */
  public String format() {
    return PREFIX + version + ":" + Base64.getEncoder().encodeToString(sealed);
  }

  /**
   * Parses the text form.
   *
   * @param text the ciphertext text
   * @param maxSealedBytes the largest sealed payload accepted (checked before decoding)
   * @return the parsed ciphertext
   * @throws MalformedTransitCiphertextException if the text does not have the form, the version is
   *     not a positive decimal of at most 9 digits, the base64 is invalid, or it is too long
   */
  public static TransitCiphertext parse(String text, int maxSealedBytes)
      throws MalformedTransitCiphertextException {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new MalformedTransitCiphertextException(
          "ciphertext must have the form spike:v<version>:<base64>");
    }
    int colon = text.indexOf(':', PREFIX.length());
    if (colon < 0) {
      throw new MalformedTransitCiphertextException(
          "ciphertext must have the form spike:v<version>:<base64>");
    }
    String digits = text.substring(PREFIX.length(), colon);
    if (digits.isEmpty()
        || digits.length() > MAX_VERSION_DIGITS
        || digits.charAt(0) == '0'
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedTransitCiphertextException(
          "ciphertext version must be a positive decimal number of at most "
              + MAX_VERSION_DIGITS
              + " digits");
    }
    String b64 = text.substring(colon + 1);
    long maxB64 = ((long) maxSealedBytes + 2) / 3 * 4;
    if (b64.length() > maxB64) {
      throw new MalformedTransitCiphertextException(
          "ciphertext is longer than the " + maxSealedBytes + "-byte limit");
    }
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new MalformedTransitCiphertextException(
          "ciphertext payload is not valid base64 (standard alphabet, padded)");
    }
    if (sealed.length < AesGcmAead.OVERHEAD) {
      throw new MalformedTransitCiphertextException(
          "ciphertext payload is shorter than the " + AesGcmAead.OVERHEAD + "-byte minimum");
    }
    return new TransitCiphertext(Integer.parseInt(digits), sealed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransitCiphertext t
        && t.version == version
        && java.util.Arrays.equals(t.sealed, sealed);
  }

  @Override
  public int hashCode() {
    return 31 * version + java.util.Arrays.hashCode(sealed);
  }

  @Override
  public String toString() {
    return "TransitCiphertext[v" + version + ", " + sealed.length + " bytes]";
  }
}
