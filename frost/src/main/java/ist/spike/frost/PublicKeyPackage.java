package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The public side of a FROST group: every participant's verifying share, the group's verifying key
 * and the threshold. A coordinator needs this to aggregate and to check each signature share.
 *
 * <p>Serialized form: {@code 00 | b169f0da | count (varint) | count × (identifier(32) |
 * verifying_share(32)) in increasing identifier order | verifying_key(32) | min_signers (varint)}.
 */
public final class PublicKeyPackage {
  private final SortedMap<Identifier, VerifyingShare> verifyingShares;
  private final VerifyingKey verifyingKey;
  private final int minSigners;

  /**
   * @param verifyingShares each participant's verifying share; at least {@code minSigners} entries
   * @param verifyingKey the group key
   * @param minSigners the threshold, 2..65535
   */
  public PublicKeyPackage(
      Map<Identifier, VerifyingShare> verifyingShares, VerifyingKey verifyingKey, int minSigners) {
    requireNonNull(verifyingShares, "verifyingShares");
    this.verifyingKey = requireNonNull(verifyingKey, "verifyingKey");
    KeyPackage.checkMinSigners(minSigners);
    if (verifyingShares.size() < minSigners) {
      throw new IllegalArgumentException(
          "a group with threshold "
              + minSigners
              + " needs at least that many participants, got "
              + verifyingShares.size());
    }
    TreeMap<Identifier, VerifyingShare> copy = new TreeMap<>();
    verifyingShares.forEach(
        (k, v) -> copy.put(requireNonNull(k, "identifier"), requireNonNull(v, "verifying share")));
    this.verifyingShares = Collections.unmodifiableSortedMap(copy);
    this.minSigners = minSigners;
  }

  /** Every participant's verifying share, in identifier order. */
  public SortedMap<Identifier, VerifyingShare> verifyingShares() {
    return verifyingShares;
  }

  /** The verifying share of one participant, if it belongs to the group. */
  public Optional<VerifyingShare> verifyingShare(Identifier identifier) {
    return Optional.ofNullable(verifyingShares.get(requireNonNull(identifier, "identifier")));
  }

  /** The group's public key. */
  public VerifyingKey verifyingKey() {
    return verifyingKey;
  }

  /** The threshold. */
  public int minSigners() {
    return minSigners;
  }

  /** Serializes as described in the class comment. */
  public byte[] toBytes() {
    Wire.Writer w = new Wire.Writer().header().varint(verifyingShares.size());
    verifyingShares.forEach((id, vs) -> w.bytes(id.toBytes()).bytes(vs.toBytes()));
    return w.bytes(verifyingKey.toBytes()).varint(minSigners).toByteArray();
  }

  /**
   * Parses {@link #toBytes} output strictly.
   *
   * @throws MalformedEncodingException for a wrong header, count, unsorted or duplicate
   *     identifiers, a bad threshold or trailing bytes
   * @throws InvalidElementException for an invalid verifying share or key
   */
  public static PublicKeyPackage fromBytes(byte[] bytes) throws FrostException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, "public key package").header();
    long count = r.varint(65535);
    if (count * 64 > r.remaining()) {
      throw r.fail("declares " + count + " participants but is too short");
    }
    TreeMap<Identifier, VerifyingShare> shares = new TreeMap<>();
    Identifier previous = null;
    for (long i = 0; i < count; i++) {
      Identifier id = r.identifierAfter(previous);
      previous = id;
      shares.put(id, VerifyingShare.fromBytes(r.take(32)));
    }
    VerifyingKey vk = VerifyingKey.fromBytes(r.take(32));
    long min = r.varint(65535);
    r.end();
    if (min < 2 || min > count) {
      throw r.fail("min_signers must be in 2.." + count + ", got " + min);
    }
    return new PublicKeyPackage(shares, vk, (int) min);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKeyPackage other
        && minSigners == other.minSigners
        && verifyingKey.equals(other.verifyingKey)
        && verifyingShares.equals(other.verifyingShares);
  }

  @Override
  public int hashCode() {
    return verifyingKey.hashCode() * 31 + verifyingShares.hashCode();
  }

  @Override
  public String toString() {
    return "PublicKeyPackage[participants="
        + verifyingShares.keySet()
        + ", minSigners="
        + minSigners
        + ", verifyingKey="
        + verifyingKey
        + "]";
  }
}
