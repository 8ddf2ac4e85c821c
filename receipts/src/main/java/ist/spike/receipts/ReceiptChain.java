package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A growing, valid receipt chain: each {@link #append} checks the new receipt against the lifecycle
 * rules, links it to the head, has the group sign its content hash, and verifies that signature
 * before accepting it. Not thread-safe.
 */
public final class ReceiptChain {
  private final GroupPublicKey groupKey;
  private final List<Receipt> receipts;
  private LifecycleReplay replay;

  private ReceiptChain(GroupPublicKey groupKey, List<Receipt> receipts, LifecycleReplay replay) {
    this.groupKey = groupKey;
    this.receipts = receipts;
    this.replay = replay;
  }

  /**
   * Starts an empty chain.
   *
   * @param groupKey the key every receipt must verify under; not null
   * @return the chain
   */
  public static ReceiptChain empty(GroupPublicKey groupKey) {
    return new ReceiptChain(
        requireNonNull(groupKey, "groupKey"), new ArrayList<>(), new LifecycleReplay());
  }

  /**
   * Loads an existing chain after verifying it completely.
   *
   * @param groupKey the group key; not null
   * @param receipts the stored receipts; not null
   * @return the chain
   * @throws InvalidChainException if verification fails
   */
  public static ReceiptChain load(GroupPublicKey groupKey, List<Receipt> receipts)
      throws InvalidChainException {
    requireNonNull(groupKey, "groupKey");
    requireNonNull(receipts, "receipts");
    ChainReport report = ChainVerifier.verify(receipts, groupKey);
    if (!report.isValid()) {
      throw new InvalidChainException(report.error().orElseThrow());
    }
    ReceiptChain chain = empty(groupKey);
    for (Receipt r : receipts) {
      try {
        chain.replay.apply(r);
      } catch (LifecycleViolationException e) {
        throw new IllegalStateException("verified chain failed replay", e);
      }
      chain.receipts.add(r);
    }
    return chain;
  }

  /**
   * Checks, signs and appends a receipt.
   *
   * @param kind the kind; not null
   * @param subject the subject; not null
   * @param timestamp Unix seconds
   * @param payload a JSON object; not null
   * @param signer signs the content hash; not null
   * @return the appended receipt
   * @throws LifecycleViolationException if the receipt breaks a lifecycle rule (nothing appended)
   * @throws ReceiptFormatException if the receipt is malformed (nothing appended)
   * @throws GeneralSecurityException if signing fails or the signature does not verify (nothing
   *     appended)
   */
  public Receipt append(
      ReceiptKind kind, String subject, long timestamp, JsonNode payload, ReceiptSigner signer)
      throws LifecycleViolationException, ReceiptFormatException, GeneralSecurityException {
    requireNonNull(signer, "signer");
    Receipt unsigned =
        Receipt.unsigned(kind, subject, timestamp, payload, head().map(Receipt::contentHash));
    LifecycleReplay next = replay.copy();
    next.apply(unsigned);
    byte[] message = unsigned.contentHash().toBytes();
    byte[] signature = signer.sign(message);
    if (!groupKey.verify(message, signature)) {
      throw new GeneralSecurityException(
          "the group signature over the receipt does not verify under " + groupKey.toHex());
    }
    Receipt signed = unsigned.withSignature(signature);
    receipts.add(signed);
    replay = next;
    return signed;
  }

  /**
   * Checks whether a receipt would be accepted now, without signing or appending it.
   *
   * @throws LifecycleViolationException if it would break a lifecycle rule
   */
  public void check(ReceiptKind kind, String subject, long timestamp, JsonNode payload)
      throws LifecycleViolationException {
    replay.copy().apply(kind, subject, timestamp, head().map(Receipt::contentHash), payload);
  }

  /** Returns the last receipt, if any. */
  public Optional<Receipt> head() {
    return receipts.isEmpty() ? Optional.empty() : Optional.of(receipts.get(receipts.size() - 1));
  }

  /** Returns an unmodifiable copy of the receipts. */
  public List<Receipt> receipts() {
    return List.copyOf(receipts);
  }

  /** Returns a copy of the replay state (current lifecycle state, cooldown end, ...). */
  public LifecycleReplay replay() {
    return replay.copy();
  }

  /** Returns the group key. */
  public GroupPublicKey groupKey() {
    return groupKey;
  }
}
