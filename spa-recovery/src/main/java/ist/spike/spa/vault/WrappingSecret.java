package ist.spike.spa.vault;

/** What unlocks a share file: a key file (device, cloud KMS stand-in) or the recovery code. */
public sealed interface WrappingSecret permits WrappingKey, RecoveryCode {
  /** Returns the Argon2id password for a label: secret bytes then a domain label. Caller zeroes. */
  byte[] kdfInput(ShareLabel label);
}
