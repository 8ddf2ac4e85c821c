package ist.spike.api.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.GoTime;
import java.time.OffsetDateTime;

/**
 * One version in a metadata response.
 *
 * @param createdTime when the version was written (Go zero time if unknown)
 * @param version the version number
 * @param deletedTime when it was soft-deleted; {@code null} if it is live
 * @param destroyed true if its values were erased for good (an extension; omitted when false)
 */
@JsonPropertyOrder({"createdTime", "version", "deletedTime", "destroyed"})
public record SecretVersionInfo(
    OffsetDateTime createdTime,
    int version,
    OffsetDateTime deletedTime,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean destroyed) {
  /** Null created time becomes Go's zero time. */
  public SecretVersionInfo {
    createdTime = createdTime == null ? GoTime.ZERO : createdTime;
  }

  /** Creates SPIKE's version info (not destroyed). */
  public SecretVersionInfo(OffsetDateTime createdTime, int version, OffsetDateTime deletedTime) {
    this(createdTime, version, deletedTime, false);
  }

  /**
   * Creates version info.
   *
   * @param createdTime creation time
   * @param version the number
   * @param deletedTime deletion time or null
   * @return the info
   */
  public static SecretVersionInfo of(
      OffsetDateTime createdTime, int version, OffsetDateTime deletedTime) {
    return new SecretVersionInfo(requireNonNull(createdTime, "createdTime"), version, deletedTime);
  }

  /**
   * Creates version info with the destroyed flag.
   *
   * @param createdTime creation time
   * @param version the number
   * @param deletedTime deletion time or null
   * @param destroyed whether the values were erased
   * @return the info
   */
  public static SecretVersionInfo of(
      OffsetDateTime createdTime, int version, OffsetDateTime deletedTime, boolean destroyed) {
    return new SecretVersionInfo(
        requireNonNull(createdTime, "createdTime"), version, deletedTime, destroyed);
  }
}
