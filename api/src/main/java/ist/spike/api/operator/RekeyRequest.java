package ist.spike.api.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Body of {@code POST /v1/operator/rekey} (our extension, ADR-0163): the split asked for, which
 * must equal Nexus's configuration, e.g. {@code {"threshold":3,"shares":5}}; {@code
 * confirm_recovery_files} is needed when the delivery cannot keep a Keeper quorum at every step.
 * The status query ({@code ?action=status}) sends {@code {}}.
 *
 * @param threshold the new threshold
 * @param shares the new share count (the configured Keeper count)
 * @param confirmRecoveryFiles the operator holds the current recovery files
 */
@JsonPropertyOrder({"threshold", "shares", "confirm_recovery_files"})
public record RekeyRequest(
    int threshold,
    int shares,
    @JsonProperty("confirm_recovery_files") boolean confirmRecoveryFiles) {}
