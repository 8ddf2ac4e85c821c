package ist.spike.receipts;

/** Why a receipt chain failed verification; each names one rule. */
public enum ChainErrorKind {
  /** The chain has no receipts. */
  EMPTY,
  /** A receipt could not be parsed, has an unknown kind, or is not in canonical form. */
  MALFORMED_RECEIPT,
  /** The first receipt has a {@code prev_hash}. */
  ANCHOR_HAS_PREV_HASH,
  /** A receipt after the first has no {@code prev_hash}. */
  MISSING_PREV_HASH,
  /** A {@code prev_hash} differs from the content hash of the receipt before it. */
  PREV_HASH_MISMATCH,
  /** The receipt is unsigned. */
  MISSING_SIGNATURE,
  /** The signature is not 128 lower-case hex digits. */
  MALFORMED_SIGNATURE,
  /** The signature does not verify under the group public key. */
  INVALID_SIGNATURE,
  /** The receipt names a different subject than the first receipt. */
  SUBJECT_MISMATCH,
  /** The timestamp is earlier than the previous receipt's. */
  TIMESTAMP_DECREASED,
  /** The kind is not legal in the state the chain has reached. */
  ILLEGAL_TRANSITION,
  /** A factor assertion names fewer than two distinct known factors. */
  INSUFFICIENT_FACTORS,
  /** Probation started before the recorded cooldown ended. */
  COOLDOWN_NOT_HONORED,
  /** Probation was cleared before the recorded probation ended. */
  PROBATION_NOT_HONORED,
  /** An emergency rotation carries no override evidence. */
  MISSING_OVERRIDE_EVIDENCE,
  /** A cancellation does not say who cancelled. */
  MISSING_CANCELLER,
  /** A payload field the lifecycle needs is absent or has the wrong type. */
  MALFORMED_PAYLOAD,
  /** The timestamp is later than the verifier's clock allows (beyond the permitted skew). */
  FUTURE_TIMESTAMP,
  /**
   * A party approval names a party not registered at onboarding, a party whose role the tier does
   * not allow for this action, or carries a signature that does not verify under its key.
   */
  UNAUTHORIZED_PARTY,
  /** An emergency rotation is approved only by factors that started the recovery. */
  INDEPENDENT_FACTOR_REQUIRED,
  /** Fewer party approvals than the tier requires (for example k-of-n guardians). */
  INSUFFICIENT_APPROVALS
}
