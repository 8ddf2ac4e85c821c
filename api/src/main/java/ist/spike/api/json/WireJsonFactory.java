package ist.spike.api.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import ist.spike.api.internal.GoCharacterEscapes;

/**
 * The {@code jackson-core} factory under SPIKE's wire mapper ({@link SpikeJson#newObjectMapper}):
 * strict UTF-8 input, Go's string escapes, surrogate pairs written as one UTF-8 sequence, no
 * non-numeric numbers or leading plus signs, and the pooled buffers. A class of its own, free of
 * Jackson databind, so that a process that parses its few bodies with the streaming API (the
 * Keeper, ADR 0216) reads and writes them with the same rules without loading databind.
 */
public final class WireJsonFactory {
  /** How many sets of Jackson's reusable buffers one factory keeps for the next request. */
  static final int RECYCLED_BUFFER_SETS = 64;

  private WireJsonFactory() {}

  /** A builder with the bounded buffer pool ({@link SpikeJson#pooledFactoryBuilder()} says why). */
  static JsonFactoryBuilder pooledBuilder() {
    JsonFactoryBuilder builder = new JsonFactoryBuilder();
    builder.recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLED_BUFFER_SETS));
    return builder;
  }

  /**
   * Returns a new factory.
   *
   * @param read the stream read constraints (nesting, string, number, name and document limits)
   * @return the factory
   */
  public static JsonFactory create(StreamReadConstraints read) {
    requireNonNull(read, "read");
    JsonFactoryBuilder builder = pooledBuilder();
    builder.characterEscapes(new GoCharacterEscapes());
    builder.streamReadConstraints(read);
    builder.streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(64).build());
    builder.enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    builder.disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
    builder.disable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS);
    return new StrictUtf8JsonFactory(builder);
  }
}
