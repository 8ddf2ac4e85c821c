package ist.spike.frost.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The hash functions of FROST(Ed25519, SHA-512), RFC 9591 section 6.1. H2 carries no context string
 * so that the final signature is a plain RFC 8032 Ed25519 signature.
 */
public final class Ciphersuite {
  /** The RFC 9591 context string. */
  public static final String CONTEXT_STRING = "FROST-ED25519-SHA512-v1";

  private static final byte[] CONTEXT = CONTEXT_STRING.getBytes(StandardCharsets.US_ASCII);

  private Ciphersuite() {}

  /** H1: binding factors. */
  public static Scalar h1(byte[]... parts) {
    return reduce(digest(tag("rho"), parts));
  }

  /** H2: the challenge, plain SHA-512 as in RFC 8032. */
  public static Scalar h2(byte[]... parts) {
    return reduce(digest(null, parts));
  }

  /** H3: nonce generation. Inputs and output are secret. */
  public static Scalar h3(byte[]... parts) {
    return reduce(digest(tag("nonce"), parts));
  }

  /** H4: message hash, 64 bytes. */
  public static byte[] h4(byte[]... parts) {
    return digest(tag("msg"), parts);
  }

  /** H5: commitment-list hash, 64 bytes. */
  public static byte[] h5(byte[]... parts) {
    return digest(tag("com"), parts);
  }

  /** HDKG (ZF FROST, not in RFC 9591): the DKG proof-of-knowledge challenge. */
  public static Scalar hdkg(byte[]... parts) {
    return reduce(digest(tag("dkg"), parts));
  }

  private static Scalar reduce(byte[] wide) {
    try {
      return Scalar.fromBytesModOrderWide(wide);
    } finally {
      Arrays.fill(wide, (byte) 0);
    }
  }

  private static byte[] tag(String label) {
    byte[] l = label.getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(CONTEXT, CONTEXT.length + l.length);
    System.arraycopy(l, 0, out, CONTEXT.length, l.length);
    return out;
  }

  private static byte[] digest(byte[] prefix, byte[]... parts) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is required by every Java platform", e);
    }
    if (prefix != null) {
      md.update(prefix);
    }
    for (byte[] part : parts) {
      md.update(part);
    }
    return md.digest();
  }
}
