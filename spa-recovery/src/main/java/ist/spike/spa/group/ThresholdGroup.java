package ist.spike.spa.group;

import ist.spike.receipts.ReceiptSigner;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * A 2-of-3 threshold signing group. The production implementation is {@code FrostGroup}
 * (FROST(Ed25519, SHA-512), RFC 9591): no operation here ever assembles the group signing key.
 */
public interface ThresholdGroup {
  /**
   * Deals three shares (participants 1, 2, 3) for a new group key.
   *
   * @return the shares and the public package; the caller closes the shares
   * @throws GeneralSecurityException if dealing fails
   */
  Dealt deal() throws GeneralSecurityException;

  /**
   * Returns a signer that signs with exactly the given shares. Does not take ownership.
   *
   * @param shares the signers' shares; fewer than the threshold fails when signing with {@code
   *     InsufficientSignersException}
   * @param group the group's public package
   * @return the signer
   */
  ReceiptSigner signer(List<ShareSecret> shares, GroupPublicPackage group);

  /**
   * Rebuilds a lost participant's share from two others without reconstructing the group key.
   *
   * @param helpers the helpers' shares (at least the threshold)
   * @param participant the identifier of the lost share
   * @param group the group's public package
   * @return the repaired share, checked against the participant's verifying share
   * @throws GeneralSecurityException if too few helpers or the result does not verify
   */
  ShareSecret repair(List<ShareSecret> helpers, int participant, GroupPublicPackage group)
      throws GeneralSecurityException;

  /**
   * Refreshes all shares: same group key, new shares; a mix of old and new shares stops working.
   *
   * @param current all current shares (participants 1, 2, 3)
   * @param group the current public package
   * @return the new shares and public package
   * @throws GeneralSecurityException if refreshing fails
   */
  Dealt refresh(List<ShareSecret> current, GroupPublicPackage group)
      throws GeneralSecurityException;

  /**
   * Shares plus public package.
   *
   * @param shares participants 1, 2, 3 in order
   * @param group the public package
   */
  record Dealt(List<ShareSecret> shares, GroupPublicPackage group) implements AutoCloseable {
    /** Copies the list. */
    public Dealt {
      shares = List.copyOf(shares);
    }

    @Override
    public void close() {
      shares.forEach(ShareSecret::close);
    }
  }
}
