package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a registered party signs to approve a receipt, and how the approval is stored.
 *
 * <p>The signed message binds the approval to one place in one chain: a fixed label, the subject,
 * the receipt kind and the content hash of the receipt it follows. A signature copied to another
 * position, subject or action does not verify. Stored in the payload as {@code approvals}: an array
 * of {@code {"party": NAME, "signature": 128 lower-case hex}}.
 */
public final class PartyApproval {
  /** The payload field that holds the approvals. */
  public static final String FIELD = "approvals";

  /** At most this many approvals per receipt. */
  public static final int MAX_APPROVALS = 16;

  private static final String LABEL = "spa-recovery party approval v1";

  private PartyApproval() {}

  /**
   * Returns the bytes a party signs to approve a receipt.
   *
   * @param subject the chain's subject; not null
   * @param kind the kind of the receipt being approved; not null
   * @param prev the content hash of the receipt it follows (empty only for a genesis); not null
   * @return the message
   */
  public static byte[] message(String subject, ReceiptKind kind, Optional<ContentHash> prev) {
    requireNonNull(subject, "subject");
    requireNonNull(kind, "kind");
    requireNonNull(prev, "prev");
    String text =
        LABEL
            + "\n"
            + subject
            + "\n"
            + kind.wireName()
            + "\n"
            + prev.map(ContentHash::toHex).orElse("-");
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
