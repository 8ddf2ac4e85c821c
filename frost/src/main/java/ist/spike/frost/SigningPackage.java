package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the coordinator sends every signer for round 2: the commitments of all signers taking part
 * (ordered by identifier) and the message. Public.
 *
 * <p>Serialized form: {@code 00 | b169f0da | count (varint) | count × (identifier(32) |
 * SigningCommitments encoding(69)) in increasing identifier order | message length (varint) |
 * message}.
 */
public final class SigningPackage {
  /** Upper bound on the message accepted by {@link #fromBytes}, 16 MiB. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final SortedMap<Identifier, SigningCommitments> commitments;
  private final byte[] message;

  /**
   * @param commitments each signer's round-1 commitments; not empty
   * @param message the message to sign (copied)
   */
  public SigningPackage(Map<Identifier, SigningCommitments> commitments, byte[] message) {
    requireNonNull(commitments, "commitments");
    requireNonNull(message, "message");
    if (commitments.isEmpty()) {
      throw new IllegalArgumentException("a signing package needs at least one commitment");
    }
    TreeMap<Identifier, SigningCommitments> copy = new TreeMap<>();
    commitments.forEach(
        (k, v) -> copy.put(requireNonNull(k, "identifier"), requireNonNull(v, "commitments")));
    this.commitments = Collections.unmodifiableSortedMap(copy);
    this.message = message.clone();
  }

  /** The commitments, in identifier order. */
  public SortedMap<Identifier, SigningCommitments> commitments() {
    return commitments;
  }

  /** A copy of the message. */
  public byte[] message() {
    return message.clone();
  }

  byte[] messageUnsafe() {
    return message;
  }

  /** Serializes as described in the class comment. */
  public byte[] toBytes() {
    Wire.Writer w = new Wire.Writer().header().varint(commitments.size());
    commitments.forEach((id, c) -> w.bytes(id.toBytes()).bytes(c.toBytes()));
    return w.varint(message.length).bytes(message).toByteArray();
  }

  /**
   * Parses {@link #toBytes} output strictly.
   *
   * @throws MalformedEncodingException for a wrong header, count or length, unsorted or duplicate
   *     identifiers, or trailing bytes
   * @throws InvalidElementException for an invalid commitment element
   */
  public static SigningPackage fromBytes(byte[] bytes) throws FrostException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, "signing package").header();
    long count = r.varint(65535);
    if (count < 1 || count * 101 > r.remaining()) {
      throw r.fail("declares " + count + " commitments; needs 1..65535 and enough bytes");
    }
    TreeMap<Identifier, SigningCommitments> map = new TreeMap<>();
    Identifier previous = null;
    for (long i = 0; i < count; i++) {
      Identifier id = r.identifierAfter(previous);
      previous = id;
      map.put(id, SigningCommitments.fromBytes(r.take(69)));
    }
    long length = r.varint(MAX_MESSAGE_BYTES);
    byte[] message = r.take((int) length);
    r.end();
    return new SigningPackage(map, message);
  }

  @Override
  public String toString() {
    return "SigningPackage[signers="
        + commitments.keySet()
        + ", message="
        + message.length
        + " bytes]";
  }
}
