/**
 * The JSON codec for SPIKE's wire format: {@link ist.spike.api.json.SpikeJson} builds a Jackson
 * {@code ObjectMapper} that writes byte-identical output to Go's {@code encoding/json} for the
 * {@code api} records and reads what Go's decoder accepts, within bounded limits.
 */
package ist.spike.api.json;
