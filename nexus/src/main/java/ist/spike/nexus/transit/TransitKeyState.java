package ist.spike.nexus.transit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A transit key's description: everything but its key material.
 *
 * @param name the key name
 * @param type the key type
 * @param minDecryptionVersion the lowest version that still decrypts
 * @param deletionAllowed whether delete is allowed
 * @param createdTime when the key was created
 * @param updatedTime when it last changed
 * @param versions each version's creation time, ascending; never empty
 */
public record TransitKeyState(
    String name,
    String type,
    int minDecryptionVersion,
    boolean deletionAllowed,
    Instant createdTime,
    Instant updatedTime,
    NavigableMap<Integer, Instant> versions) {
  /** Validates and copies. */
  public TransitKeyState {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(createdTime, "createdTime");
    requireNonNull(updatedTime, "updatedTime");
    versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a transit key has at least one version");
    }
  }

  /** Returns the version new ciphertexts use. */
  public int latestVersion() {
    return versions.lastKey();
  }
}
