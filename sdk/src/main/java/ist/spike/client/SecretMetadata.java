package ist.spike.client;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A secret's metadata and the state of each stored version.
 *
 * @param currentVersion the version a plain read returns (0 when all are deleted)
 * @param oldestVersion the lowest live version (0 when none)
 * @param createdTime when the path was first written
 * @param updatedTime when the metadata last changed
 * @param maxVersions versions kept
 * @param versions stored versions by number
 * @param customMetadata the secret's custom key/value metadata, sorted by key (empty when none; not
 *     in SPIKE)
 */
public record SecretMetadata(
    int currentVersion,
    int oldestVersion,
    OffsetDateTime createdTime,
    OffsetDateTime updatedTime,
    int maxVersions,
    NavigableMap<Integer, Version> versions,
    Map<String, String> customMetadata) {

  /** Copies the maps. */
  public SecretMetadata {
    requireNonNull(createdTime, "createdTime");
    requireNonNull(updatedTime, "updatedTime");
    versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
    customMetadata =
        customMetadata == null
            ? Map.of()
            : Collections.unmodifiableSortedMap(new TreeMap<>(customMetadata));
  }

  /**
   * Metadata without custom metadata (SPIKE's shape).
   *
   * @param currentVersion the version a plain read returns (0 when all are deleted)
   * @param oldestVersion the lowest live version (0 when none)
   * @param createdTime when the path was first written
   * @param updatedTime when the metadata last changed
   * @param maxVersions versions kept
   * @param versions stored versions by number
   */
  public SecretMetadata(
      int currentVersion,
      int oldestVersion,
      OffsetDateTime createdTime,
      OffsetDateTime updatedTime,
      int maxVersions,
      NavigableMap<Integer, Version> versions) {
    this(currentVersion, oldestVersion, createdTime, updatedTime, maxVersions, versions, Map.of());
  }

  /**
   * One stored version.
   *
   * @param version the number
   * @param createdTime when it was written
   * @param deletedTime when it was soft-deleted, if it was
   */
  public record Version(
      int version, OffsetDateTime createdTime, Optional<OffsetDateTime> deletedTime) {
    /** Validates the components. */
    public Version {
      requireNonNull(createdTime, "createdTime");
      requireNonNull(deletedTime, "deletedTime");
    }
  }
}
