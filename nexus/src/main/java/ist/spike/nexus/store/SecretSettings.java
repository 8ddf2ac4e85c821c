package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A secret's own settings, kept with its index and not versioned (Vault KV v2's metadata fields).
 * Limits on sizes are checked where input arrives ({@code InputRules}); this record only keeps the
 * values consistent.
 *
 * @param customMetadata the operator's key/value pairs about the secret (not secret themselves)
 * @param casRequired true if every put of this secret must carry the expected current version
 * @param deleteVersionAfter how long after its creation a version counts as deleted; {@link
 *     Duration#ZERO} for never
 */
public record SecretSettings(
    Map<String, String> customMetadata, boolean casRequired, Duration deleteVersionAfter) {
  /** No custom metadata, check-and-set optional, versions never expire. */
  public static final SecretSettings DEFAULT = new SecretSettings(Map.of(), false, Duration.ZERO);

  /** Validates and copies the components (custom metadata sorted by key). */
  public SecretSettings {
    requireNonNull(customMetadata, "customMetadata");
    requireNonNull(deleteVersionAfter, "deleteVersionAfter");
    if (deleteVersionAfter.isNegative()) {
      throw new IllegalArgumentException("deleteVersionAfter must not be negative");
    }
    TreeMap<String, String> copy = new TreeMap<>();
    customMetadata.forEach(
        (k, v) -> copy.put(requireNonNull(k, "metadata key"), requireNonNull(v, "metadata value")));
    customMetadata = Collections.unmodifiableSortedMap(copy);
  }

  /** Returns true if versions expire. */
  public boolean versionsExpire() {
    return !deleteVersionAfter.isZero();
  }
}
