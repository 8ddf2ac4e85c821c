package ist.spike.spa.lifecycle;

import static java.util.Objects.requireNonNull;

import ist.spike.receipts.ReceiptSigner;

/**
 * A registered party ready to approve a receipt: its registered name and a signer holding its
 * Ed25519 private key. The lifecycle builds the message ({@link
 * ist.spike.receipts.PartyApproval#message}) so the approval is bound to the receipt's place in the
 * chain.
 *
 * @param party the name the party was registered under at onboarding
 * @param key signs with the party's private key
 */
public record PartyApprover(String party, ReceiptSigner key) {
  /** Validates the components. */
  public PartyApprover {
    requireNonNull(party, "party");
    requireNonNull(key, "key");
  }
}
