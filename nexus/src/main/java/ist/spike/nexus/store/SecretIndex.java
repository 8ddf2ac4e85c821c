package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Everything about a secret except its values: SPIKE's metadata plus the state of every version
 * still stored. Immutable.
 *
 * @param path the secret path
 * @param currentVersion the version a plain read returns; 0 when every version is deleted
 * @param oldestVersion the lowest version still stored and live (0 when none)
 * @param createdTime when the path was first written
 * @param updatedTime when the metadata last changed
 * @param maxVersions how many versions are kept (captured when the path was created)
 * @param versions the stored versions by number, ascending (destroyed ones included)
 * @param settings the secret's own settings (custom metadata, check-and-set, expiry)
 */
public record SecretIndex(
    String path,
    int currentVersion,
    int oldestVersion,
    Instant createdTime,
    Instant updatedTime,
    int maxVersions,
    NavigableMap<Integer, VersionState> versions,
    SecretSettings settings) {

  /** Validates and copies the components. */
  public SecretIndex {
    requireNonNull(path, "path");
    requireNonNull(createdTime, "createdTime");
    requireNonNull(updatedTime, "updatedTime");
    requireNonNull(versions, "versions");
    requireNonNull(settings, "settings");
    if (currentVersion < 0 || oldestVersion < 0) {
      throw new IllegalArgumentException("versions must be >= 0");
    }
    if (maxVersions < 1) {
      throw new IllegalArgumentException("maxVersions must be >= 1; got " + maxVersions);
    }
    versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
  }

  /** Creates an index with {@link SecretSettings#DEFAULT} settings. */
  public SecretIndex(
      String path,
      int currentVersion,
      int oldestVersion,
      Instant createdTime,
      Instant updatedTime,
      int maxVersions,
      NavigableMap<Integer, VersionState> versions) {
    this(
        path,
        currentVersion,
        oldestVersion,
        createdTime,
        updatedTime,
        maxVersions,
        versions,
        SecretSettings.DEFAULT);
  }

  /** Returns a mutable copy of the version map, for building a changed index. */
  public TreeMap<Integer, VersionState> versionsCopy() {
    return new TreeMap<>(versions);
  }
}
