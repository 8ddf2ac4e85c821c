package ist.spike.frost;

import ist.spike.frost.internal.Scalar;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A signer's secret round-1 nonces {@code (d, e)} with the commitments they produced. Single use:
 * {@link Round2#sign} consumes and wipes them, and a second use fails with {@link
 * NonceReusedException}. Never serialized or persisted, by design: a nonce that could be restored
 * could be reused, which leaks the signing share. Close them if round 2 never happens.
 */
public final class SigningNonces implements AutoCloseable {
  private final Identifier signer;
  private final Scalar hiding;
  private final Scalar binding;
  private final SigningCommitments commitments;
  private final AtomicBoolean spent = new AtomicBoolean();

  SigningNonces(Identifier signer, Scalar hiding, Scalar binding, SigningCommitments commitments) {
    this.signer = signer;
    this.hiding = hiding;
    this.binding = binding;
    this.commitments = commitments;
  }

  /** The signer these nonces belong to. */
  public Identifier signer() {
    return signer;
  }

  /** The public commitments to these nonces. */
  public SigningCommitments commitments() {
    return commitments;
  }

  /**
   * Marks the nonces as used and hands them to {@code use}, wiping them afterwards.
   *
   * @throws NonceReusedException if they were used or closed before
   */
  <T> T consume(NonceUse<T> use) throws FrostException {
    if (!spent.compareAndSet(false, true)) {
      throw new NonceReusedException();
    }
    try {
      return use.apply(hiding, binding);
    } finally {
      hiding.close();
      binding.close();
    }
  }

  /** The body of {@link #consume}. */
  interface NonceUse<T> {
    T apply(Scalar hiding, Scalar binding) throws FrostException;
  }

  /** Whether the nonces were used or closed. */
  public boolean isSpent() {
    return spent.get();
  }

  boolean isWiped() {
    return hiding.isWiped() && binding.isWiped();
  }

  /** Wipes the nonces; later use fails. Idempotent. */
  @Override
  public void close() {
    spent.set(true);
    hiding.close();
    binding.close();
  }

  @Override
  public String toString() {
    return "SigningNonces[signer=" + signer + ", redacted" + (spent.get() ? ", spent" : "") + "]";
  }
}
