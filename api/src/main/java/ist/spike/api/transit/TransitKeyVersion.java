package ist.spike.api.transit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * One version of a transit key (never its bytes).
 *
 * @param version the version number, from 1
 * @param createdTime when it was made, RFC 3339
 */
@JsonPropertyOrder({"version", "createdTime"})
public record TransitKeyVersion(int version, String createdTime) {
  /** Normalizes null to {@code ""}. */
  public TransitKeyVersion {
    createdTime = Wire.str(createdTime);
  }
}
