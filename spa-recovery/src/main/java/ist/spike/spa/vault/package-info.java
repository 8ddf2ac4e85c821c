/**
 * Shares at rest: AES-256-GCM under an Argon2id-derived key, associated data naming user and label,
 * files 0600 in 0700 directories under {@code ~/.spa-recovery/<user>/} (or {@code
 * SPA_RECOVERY_HOME}); the recovery-code share is unlocked by a 28-character Crockford base32 code.
 */
package ist.spike.spa.vault;
