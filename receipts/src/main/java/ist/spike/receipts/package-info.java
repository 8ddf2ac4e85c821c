/**
 * Hash-chained, threshold-signed receipts for the SPA recovery lifecycle, and a stateless verifier.
 *
 * <p>A {@link ist.spike.receipts.Receipt} is hashed over its canonical JSON ({@link
 * ist.spike.receipts.CanonicalJson}, sorted keys, compact, as {@code serde_json} over a {@code
 * BTreeMap}) with BLAKE3-256; the 32 raw bytes of that {@link ist.spike.receipts.ContentHash} are
 * signed by the 2-of-3 FROST group, whose signatures are plain Ed25519 signatures. {@link
 * ist.spike.receipts.ChainVerifier} replays a chain given only the chain and the {@link
 * ist.spike.receipts.GroupPublicKey}. The lifecycle's legal transitions are defined once, in {@link
 * ist.spike.receipts.LifecycleRules}, and used by both the verifier and the state machine.
 */
package ist.spike.receipts;
