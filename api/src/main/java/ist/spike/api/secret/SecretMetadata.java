package ist.spike.api.secret;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.GoTime;
import java.time.OffsetDateTime;

/**
 * The metadata block of a metadata response.
 *
 * @param currentVersion the current version, 0 if all are deleted
 * @param oldestVersion the oldest kept version, 0 if all are deleted
 * @param createdTime when the path was first written
 * @param updatedTime when it last changed
 * @param maxVersions how many versions are kept
 */
@JsonPropertyOrder({"currentVersion", "oldestVersion", "createdTime", "updatedTime", "maxVersions"})
public record SecretMetadata(
    int currentVersion,
    int oldestVersion,
    OffsetDateTime createdTime,
    OffsetDateTime updatedTime,
    int maxVersions) {
  /** Go's zero value: all zeros and {@code 0001-01-01T00:00:00Z}. */
  public static final SecretMetadata ZERO = new SecretMetadata(0, 0, null, null, 0);

  /** Null times become Go's zero time. */
  public SecretMetadata {
    createdTime = createdTime == null ? GoTime.ZERO : createdTime;
    updatedTime = updatedTime == null ? GoTime.ZERO : updatedTime;
  }
}
