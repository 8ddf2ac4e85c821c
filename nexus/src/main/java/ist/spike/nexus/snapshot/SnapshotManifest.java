package ist.spike.nexus.snapshot;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a snapshot holds, written after its rows. Nothing in it is secret.
 *
 * @param format the file format version
 * @param takenAt when the consistent read began (RFC 3339): every write acknowledged before it is
 *     in the snapshot
 * @param backend the backend it was taken from
 * @param keyCheck the root key's key-check value, hex
 * @param secrets how many secrets (index rows)
 * @param versions how many stored version rows
 * @param policies how many policies
 * @param sha256 the SHA-256 of every byte before the manifest, hex
 */
@JsonPropertyOrder({
  "format",
  "takenAt",
  "backend",
  "keyCheck",
  "secrets",
  "versions",
  "policies",
  "sha256"
})
public record SnapshotManifest(
    int format,
    String takenAt,
    String backend,
    String keyCheck,
    long secrets,
    long versions,
    long policies,
    String sha256) {
  /** Validates the components. */
  public SnapshotManifest {
    requireNonNull(takenAt, "takenAt");
    requireNonNull(backend, "backend");
    requireNonNull(keyCheck, "keyCheck");
    requireNonNull(sha256, "sha256");
  }
}
