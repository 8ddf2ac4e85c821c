package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A party registered at onboarding: the old device, a recovery contact or a guardian, with its own
 * Ed25519 public key. Cancellations, emergency rotations and (in the institutional tier) the end of
 * probation carry party signatures that the verifier checks against these keys.
 *
 * @param name the party's name, unique in the chain ({@code [a-z0-9][a-z0-9_-]{0,31}})
 * @param role what the party is
 * @param publicKey its Ed25519 public key
 */
public record Party(String name, Canceller role, GroupPublicKey publicKey) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  /** Validates the components. */
  public Party {
    requireNonNull(name, "name");
    requireNonNull(role, "role");
    requireNonNull(publicKey, "publicKey");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a party name is 1 to 32 characters a-z, 0-9, '_' or '-', starting with a letter or"
              + " digit");
    }
  }
}
