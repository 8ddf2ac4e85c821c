package ist.spike.spa.group;

import static java.util.Objects.requireNonNull;

import ist.spike.receipts.GroupPublicKey;
import java.util.HexFormat;

/**
 * The group's public data: the serialized public key package (verifying shares, threshold) and the
 * 32-byte group public key receipts verify under. Not secret.
 *
 * @param encoded the serialized public key package
 * @param groupKey the group public key
 */
public record GroupPublicPackage(byte[] encoded, GroupPublicKey groupKey) {
  /** Copies the bytes. */
  public GroupPublicPackage {
    encoded = requireNonNull(encoded, "encoded").clone();
    requireNonNull(groupKey, "groupKey");
  }

  @Override
  public byte[] encoded() {
    return encoded.clone();
  }

  /** Returns the serialized package in hex. */
  public String encodedHex() {
    return HexFormat.of().formatHex(encoded);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupPublicPackage p
        && java.util.Arrays.equals(encoded, p.encoded)
        && groupKey.equals(p.groupKey);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "GroupPublicPackage[" + groupKey.toHex() + "]";
  }
}
