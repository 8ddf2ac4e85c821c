package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;

/**
 * Everything one participant needs to sign: its identifier, its secret signing share, its public
 * verifying share, the group's verifying key and the threshold. It holds a secret: close it when
 * done (the share is overwritten with zeros), never log it; {@code toString} shows only public
 * values.
 *
 * <p>Serialized form ({@link #toBytes}), 134 bytes for thresholds below 128, byte-compatible with
 * ZF FROST's postcard {@code KeyPackage}: {@code 00 | b169f0da | identifier(32) | signing_share(32)
 * | verifying_share(32) | verifying_key(32) | min_signers (LEB128 varint)}.
 */
public final class KeyPackage implements AutoCloseable {
  private final Identifier identifier;
  private final SigningShare signingShare;
  private final VerifyingShare verifyingShare;
  private final VerifyingKey verifyingKey;
  private final int minSigners;
  private volatile boolean closed;

  private KeyPackage(
      Identifier identifier,
      SigningShare signingShare,
      VerifyingShare verifyingShare,
      VerifyingKey verifyingKey,
      int minSigners) {
    this.identifier = identifier;
    this.signingShare = signingShare;
    this.verifyingShare = verifyingShare;
    this.verifyingKey = verifyingKey;
    this.minSigners = minSigners;
  }

  /**
   * Builds a key package, taking ownership of {@code share}, after checking that {@code
   * verifyingShare} is {@code share·B}.
   */
  static KeyPackage create(
      Identifier identifier,
      Scalar share,
      VerifyingShare verifyingShare,
      VerifyingKey verifyingKey,
      int minSigners)
      throws InvalidShareException {
    checkMinSigners(minSigners);
    EdwardsPoint expected = Group.ed25519().multiplyBase(share);
    if (!Group.ed25519().equal(expected, verifyingShare.point())) {
      share.close();
      throw new InvalidShareException(
          identifier, "the verifying share is not the signing share times the base point");
    }
    return new KeyPackage(
        identifier, new SigningShare(share), verifyingShare, verifyingKey, minSigners);
  }

  static void checkMinSigners(int minSigners) {
    if (minSigners < 2 || minSigners > 65535) {
      throw new IllegalArgumentException("minSigners must be in 2..65535, got " + minSigners);
    }
  }

  /** This participant's identifier. */
  public Identifier identifier() {
    return identifier;
  }

  /** This participant's public verifying share. */
  public VerifyingShare verifyingShare() {
    return verifyingShare;
  }

  /** The group's public key. */
  public VerifyingKey verifyingKey() {
    return verifyingKey;
  }

  /** The threshold: how many participants must sign. */
  public int minSigners() {
    return minSigners;
  }

  /** The secret share, for the protocol code in this package only. */
  SigningShare signingShare() {
    if (closed) {
      throw new IllegalStateException("key package of participant " + identifier + " is closed");
    }
    return signingShare;
  }

  /**
   * Serializes this key package, <b>including the secret signing share</b>. Meant for encrypted
   * storage only: encrypt the result at once and overwrite the array with zeros.
   *
   * @throws IllegalStateException if the key package is closed
   */
  public byte[] toBytes() {
    // Built in one exact-size array so that no intermediate buffer keeps a copy of the share.
    byte[] share = signingShare().scalar().toBytes();
    try {
      byte[] out = new byte[5 + 32 * 4 + varintLength(minSigners)];
      int off = 0;
      out[off++] = (byte) Wire.VERSION;
      System.arraycopy(Wire.CIPHERSUITE_ID, 0, out, off, 4);
      off += 4;
      for (byte[] field :
          new byte[][] {
            identifier.toBytes(), share, verifyingShare.toBytes(), verifyingKey.toBytes()
          }) {
        System.arraycopy(field, 0, out, off, 32);
        off += 32;
      }
      int v = minSigners;
      while ((v & ~0x7f) != 0) {
        out[off++] = (byte) ((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      out[off] = (byte) v;
      return out;
    } finally {
      java.util.Arrays.fill(share, (byte) 0);
    }
  }

  static int varintLength(int v) {
    return v < 0x80 ? 1 : v < 0x4000 ? 2 : 3;
  }

  /**
   * Compares two key packages, including their secret shares, in constant time with respect to the
   * shares (for example to confirm that a repaired share is the original).
   */
  public boolean equalsSecret(KeyPackage other) {
    requireNonNull(other, "other");
    return identifier.equals(other.identifier)
        && minSigners == other.minSigners
        && verifyingKey.equals(other.verifyingKey)
        && verifyingShare.equals(other.verifyingShare)
        && signingShare().scalar().equalsConstantTime(other.signingShare().scalar());
  }

  /**
   * Parses {@link #toBytes} output strictly and checks that the verifying share matches the signing
   * share. The caller should overwrite {@code bytes} with zeros afterwards.
   *
   * @throws MalformedEncodingException for a wrong header, length, non-canonical scalar, a
   *     threshold outside 2..65535 or trailing bytes
   * @throws InvalidElementException for an invalid verifying share or key
   * @throws InvalidShareException if the verifying share is not the signing share times B
   */
  public static KeyPackage fromBytes(byte[] bytes) throws FrostException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, "key package").header();
    Identifier id = r.identifier();
    Scalar share = r.scalar();
    try {
      VerifyingShare vs = VerifyingShare.fromBytes(r.take(32));
      VerifyingKey vk = VerifyingKey.fromBytes(r.take(32));
      long min = r.varint(65535);
      r.end();
      if (min < 2) {
        throw r.fail("min_signers must be at least 2, got " + min);
      }
      return create(id, share, vs, vk, (int) min);
    } catch (FrostException | RuntimeException e) {
      share.close();
      throw e;
    }
  }

  /** Overwrites the signing share with zeros. Idempotent. */
  @Override
  public void close() {
    closed = true;
    signingShare.close();
  }

  /** Whether {@link #close} has run. */
  public boolean isClosed() {
    return closed;
  }

  boolean isWiped() {
    return signingShare.isWiped();
  }

  @Override
  public String toString() {
    return "KeyPackage[identifier="
        + identifier
        + ", minSigners="
        + minSigners
        + ", verifyingKey="
        + verifyingKey
        + ", signingShare=redacted"
        + (closed ? ", closed" : "")
        + "]";
  }
}
