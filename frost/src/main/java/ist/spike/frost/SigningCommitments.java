package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A signer's round-1 commitments {@code D = [d]B} (hiding) and {@code E = [e]B} (binding). Public:
 * sent to the coordinator, which puts them in the {@link SigningPackage}.
 *
 * <p>Serialized form, 69 bytes: {@code 00 | b169f0da | hiding(32) | binding(32)}.
 */
public final class SigningCommitments {
  private final EdwardsPoint hiding;
  private final EdwardsPoint binding;
  private final byte[] hidingEncoding;
  private final byte[] bindingEncoding;

  SigningCommitments(EdwardsPoint hiding, EdwardsPoint binding) throws InvalidElementException {
    this.hiding = hiding;
    this.binding = binding;
    this.hidingEncoding = Group.ed25519().serialize(hiding);
    this.bindingEncoding = Group.ed25519().serialize(binding);
  }

  EdwardsPoint hiding() {
    return hiding;
  }

  EdwardsPoint binding() {
    return binding;
  }

  /** The 32-byte encoding of the hiding commitment D. */
  public byte[] hidingBytes() {
    return hidingEncoding.clone();
  }

  /** The 32-byte encoding of the binding commitment E. */
  public byte[] bindingBytes() {
    return bindingEncoding.clone();
  }

  /** Serializes as described in the class comment. */
  public byte[] toBytes() {
    return new Wire.Writer().header().bytes(hidingEncoding).bytes(bindingEncoding).toByteArray();
  }

  /**
   * Parses {@link #toBytes} output strictly.
   *
   * @throws MalformedEncodingException for a wrong header or length
   * @throws InvalidElementException if either commitment is not a valid non-identity point of prime
   *     order
   */
  public static SigningCommitments fromBytes(byte[] bytes) throws FrostException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, "signing commitments").header();
    if (r.remaining() != 64) {
      throw r.fail("expected 69 bytes, got " + bytes.length);
    }
    EdwardsPoint d = r.element();
    EdwardsPoint e = r.element();
    r.end();
    return new SigningCommitments(d, e);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningCommitments other
        && Arrays.equals(hidingEncoding, other.hidingEncoding)
        && Arrays.equals(bindingEncoding, other.bindingEncoding);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(hidingEncoding) + Arrays.hashCode(bindingEncoding);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "SigningCommitments[hiding="
        + hex.formatHex(hidingEncoding)
        + ", binding="
        + hex.formatHex(bindingEncoding)
        + "]";
  }
}
