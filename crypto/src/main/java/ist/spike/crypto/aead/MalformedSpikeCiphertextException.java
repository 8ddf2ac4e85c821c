package ist.spike.crypto.aead;

import java.security.GeneralSecurityException;

/**
 * A SPIKE stream-mode ciphertext ({@code version || nonce || ciphertext}) is structurally broken.
 * {@link #reason()} carries SPIKE's error code for the case, which Nexus writes as the plain-text
 * 400 body.
 */
public final class MalformedSpikeCiphertextException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** What is wrong, with SPIKE's code for it. */
  public enum Reason {
    /** The body is empty. */
    MISSING_VERSION("crypto_failed_to_read_version"),
    /** The version byte is not 1. */
    UNSUPPORTED_VERSION("crypto_unsupported_version"),
    /** Fewer than 12 nonce bytes follow the version. */
    SHORT_NONCE("crypto_failed_to_read_nonce");

    private final String spikeCode;

    Reason(String spikeCode) {
      this.spikeCode = spikeCode;
    }

    /** Returns SPIKE's error code, for example {@code crypto_unsupported_version}. */
    public String spikeCode() {
      return spikeCode;
    }
  }

  private final Reason reason;

  MalformedSpikeCiphertextException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Returns what is wrong. */
  public Reason reason() {
    return reason;
  }
}
