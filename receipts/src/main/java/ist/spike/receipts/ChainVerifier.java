package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Replays a receipt chain with no shared state: given only the receipts and the group public key it
 * checks, receipt by receipt, (1) the signature over the content hash, (2) the hash link to the
 * previous receipt, (3) the lifecycle rules of {@link LifecycleReplay}: legal state sequence, one
 * subject, non-decreasing timestamps, cooldown and probation honored, override evidence and
 * canceller recorded, party approvals signed by registered parties, and (4) that no receipt is
 * dated later than the verifier's clock plus {@link #ALLOWED_SKEW}, unless the chain's genesis
 * marks a test user. It stops at the first failure and reports its index and rule.
 *
 * <p>Because each receipt's own signature covers all of its fields except the signature, a change
 * to receipt {@code i} is reported at {@code i}. A chain cut short at the end still verifies:
 * detect truncation by comparing the head hash with one kept elsewhere.
 */
public final class ChainVerifier {
  /** How far in the future (by the verifier's clock) a receipt may be dated. */
  public static final Duration ALLOWED_SKEW = Duration.ofMinutes(5);

  private ChainVerifier() {}

  /**
   * Verifies a chain of stored receipts, one canonical JSON receipt per element.
   *
   * @param lines the stored receipts in order; not null
   * @param groupKey the group public key; not null
   * @return the report
   */
  public static ChainReport verifyJson(List<String> lines, GroupPublicKey groupKey) {
    return verifyJson(lines, groupKey, Instant.now());
  }

  /**
   * Verifies a chain of stored receipts against a given "now".
   *
   * @param lines the stored receipts in order; not null
   * @param groupKey the group public key; not null
   * @param now the verifier's clock: receipts dated after {@code now + ALLOWED_SKEW} fail; not null
   * @return the report
   */
  public static ChainReport verifyJson(List<String> lines, GroupPublicKey groupKey, Instant now) {
    requireNonNull(lines, "lines");
    requireNonNull(now, "now");
    requireNonNull(groupKey, "groupKey");
    List<Receipt> receipts = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      try {
        receipts.add(Receipt.parse(lines.get(i)));
      } catch (ReceiptFormatException e) {
        // Report an earlier failure first, if the well-formed prefix already has one.
        ChainReport prefix = verify(receipts, groupKey, now);
        if (!prefix.isValid()) {
          return new ChainReport(lines.size(), prefix.error(), Optional.empty());
        }
        return failure(lines.size(), i, ChainErrorKind.MALFORMED_RECEIPT, e.getMessage());
      }
    }
    return verify(receipts, groupKey, now);
  }

  /**
   * Verifies a chain.
   *
   * @param chain the receipts in order; not null
   * @param groupKey the group public key; not null
   * @return the report
   */
  public static ChainReport verify(List<Receipt> chain, GroupPublicKey groupKey) {
    return verify(chain, groupKey, Instant.now());
  }

  /**
   * Verifies a chain against a given "now".
   *
   * @param chain the receipts in order; not null
   * @param groupKey the group public key; not null
   * @param now the verifier's clock: receipts dated after {@code now + ALLOWED_SKEW} fail; not null
   * @return the report
   */
  public static ChainReport verify(List<Receipt> chain, GroupPublicKey groupKey, Instant now) {
    requireNonNull(chain, "chain");
    requireNonNull(now, "now");
    long latest = now.plus(ALLOWED_SKEW).getEpochSecond();
    requireNonNull(groupKey, "groupKey");
    if (chain.isEmpty()) {
      return failure(0, 0, ChainErrorKind.EMPTY, "the chain has no receipts");
    }
    LifecycleReplay replay = new LifecycleReplay();
    ContentHash previous = null;
    for (int i = 0; i < chain.size(); i++) {
      Receipt r = requireNonNull(chain.get(i), "chain element");
      String sig = r.signatureHex();
      if (sig.isEmpty()) {
        return failure(chain.size(), i, ChainErrorKind.MISSING_SIGNATURE, "receipt is unsigned");
      }
      if (!Hex.isLowerHex(sig, Receipt.SIGNATURE_LENGTH * 2)) {
        return failure(
            chain.size(),
            i,
            ChainErrorKind.MALFORMED_SIGNATURE,
            "a signature must be 128 lower-case hex digits");
      }
      if (!groupKey.verify(r.contentHash().toBytes(), HexFormat.of().parseHex(sig))) {
        return failure(
            chain.size(),
            i,
            ChainErrorKind.INVALID_SIGNATURE,
            "signature does not verify under group key " + groupKey.toHex());
      }
      Optional<ContentHash> prev = r.prevHash();
      if (i == 0 && prev.isPresent()) {
        return failure(
            chain.size(), i, ChainErrorKind.ANCHOR_HAS_PREV_HASH, "first receipt has a prev_hash");
      }
      if (i > 0 && prev.isEmpty()) {
        return failure(chain.size(), i, ChainErrorKind.MISSING_PREV_HASH, "prev_hash is null");
      }
      if (i > 0 && !prev.get().equals(previous)) {
        return failure(
            chain.size(),
            i,
            ChainErrorKind.PREV_HASH_MISMATCH,
            "prev_hash " + prev.get() + " but receipt " + (i - 1) + " hashes to " + previous);
      }
      try {
        replay.apply(r);
      } catch (LifecycleViolationException e) {
        return failure(chain.size(), i, e.kind(), e.getMessage());
      }
      boolean testUser = replay.enrolment().map(Enrolment::testUser).orElse(false);
      if (!testUser && r.timestamp() > latest) {
        return failure(
            chain.size(),
            i,
            ChainErrorKind.FUTURE_TIMESTAMP,
            "timestamp "
                + Instant.ofEpochSecond(r.timestamp())
                + " is later than the verifier's clock "
                + now.getEpochSecond()
                + " s plus "
                + ALLOWED_SKEW.toSeconds()
                + " s skew");
      }
      previous = r.contentHash();
    }
    return new ChainReport(chain.size(), Optional.empty(), replay.state());
  }

  private static ChainReport failure(int size, int index, ChainErrorKind kind, String message) {
    return new ChainReport(
        size, Optional.of(new ChainError(index, kind, message)), Optional.empty());
  }
}
