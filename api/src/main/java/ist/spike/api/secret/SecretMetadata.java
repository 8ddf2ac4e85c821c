package ist.spike.api.secret;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.GoTime;
import ist.spike.api.internal.Wire;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * The metadata block of a metadata response.
 *
 * @param currentVersion the current version, 0 if all are deleted
 * @param oldestVersion the oldest kept version, 0 if all are deleted
 * @param createdTime when the path was first written
 * @param updatedTime when it last changed
 * @param maxVersions how many versions are kept
 * @param casRequired true if puts must carry {@code cas} (an extension; omitted when false)
 * @param deleteVersionAfter version lifetime in Go duration form (an extension; omitted when
 *     versions never expire)
 * @param customMetadata the secret's custom metadata (an extension; omitted when empty)
 */
@JsonPropertyOrder({
  "currentVersion",
  "oldestVersion",
  "createdTime",
  "updatedTime",
  "maxVersions",
  "casRequired",
  "deleteVersionAfter",
  "customMetadata"
})
public record SecretMetadata(
    int currentVersion,
    int oldestVersion,
    OffsetDateTime createdTime,
    OffsetDateTime updatedTime,
    int maxVersions,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean casRequired,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String deleteVersionAfter,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> customMetadata) {
  /** Go's zero value: all zeros and {@code 0001-01-01T00:00:00Z}. */
  public static final SecretMetadata ZERO = new SecretMetadata(0, 0, null, null, 0);

  /** Null times become Go's zero time. */
  public SecretMetadata {
    createdTime = createdTime == null ? GoTime.ZERO : createdTime;
    updatedTime = updatedTime == null ? GoTime.ZERO : updatedTime;
    deleteVersionAfter = Wire.str(deleteVersionAfter);
    customMetadata = customMetadata == null ? Map.of() : Wire.stringMap(customMetadata);
  }

  /** Creates SPIKE's metadata block (no extension fields). */
  public SecretMetadata(
      int currentVersion,
      int oldestVersion,
      OffsetDateTime createdTime,
      OffsetDateTime updatedTime,
      int maxVersions) {
    this(currentVersion, oldestVersion, createdTime, updatedTime, maxVersions, false, "", Map.of());
  }
}
