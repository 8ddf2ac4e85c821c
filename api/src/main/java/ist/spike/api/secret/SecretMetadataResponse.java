package ist.spike.api.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.GoMapSerializer;
import ist.spike.api.internal.Wire;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Response of secret metadata get: {@code {"versions":{"1":{...}},"metadata":{...}}}. The version
 * map is omitted when empty; the metadata block is always present (zero-valued on error).
 *
 * @param versions versions by number; {@code null} or empty is omitted
 * @param metadata the metadata block
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"versions", "metadata", "err"})
public record SecretMetadataResponse(
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonSerialize(using = GoMapSerializer.class)
        Map<Integer, SecretVersionInfo> versions,
    SecretMetadata metadata,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls and copies the map. */
  public SecretMetadataResponse {
    versions = versions == null ? null : Collections.unmodifiableMap(new TreeMap<>(versions));
    metadata = metadata == null ? SecretMetadata.ZERO : metadata;
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param versions versions by number
   * @param metadata the metadata block
   * @return the body
   */
  public static SecretMetadataResponse success(
      Map<Integer, SecretVersionInfo> versions, SecretMetadata metadata) {
    return new SecretMetadataResponse(versions, requireNonNull(metadata, "metadata"), "");
  }

  /**
   * Returns SPIKE's error body for a code (a zero metadata block plus {@code err}).
   *
   * @param code the error
   * @return the body
   */
  public static SecretMetadataResponse error(ErrorCode code) {
    return new SecretMetadataResponse(
        null, SecretMetadata.ZERO, requireNonNull(code, "code").code());
  }
}
