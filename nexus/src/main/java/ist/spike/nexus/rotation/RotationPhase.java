package ist.spike.nexus.rotation;

/**
 * The phases of a root-key rotation from generation {@code g} to {@code g+1}, in order. Each is
 * recorded in the store's meta before its work starts (ADR-0162).
 */
public enum RotationPhase {
  /**
   * The new key exists and the store holds it sealed under the old key; no Keeper has a new shard
   * and nothing is sealed under it. A crash here rolls the rotation back.
   */
  PENDING,
  /**
   * The store also holds the old key sealed under the new one; new shards are being delivered to
   * the Keepers, so a restart may recover either key from them and opens the other from the store.
   * Data is still written under the old key. A crash here resumes the delivery.
   */
  DELIVERING,
  /**
   * Every Keeper holds a new shard; writes use the new key and stored rows sealed under the old key
   * are re-sealed; reads accept both. A crash here resumes the re-seal.
   */
  RESEALING,
  /**
   * Every row is sealed under the new key; the key-check value and the commitments are the new
   * key's, recovery files of the old generation are refused; the old key stays only sealed under
   * the new one, for SPIKE-format cipher texts made before the rotation.
   */
  DONE
}
