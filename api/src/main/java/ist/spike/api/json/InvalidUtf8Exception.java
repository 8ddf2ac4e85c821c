package ist.spike.api.json;

import com.fasterxml.jackson.core.JsonParseException;

/**
 * A JSON body is not valid UTF-8 text: an overlong form, a UTF-8-encoded surrogate, a code point
 * above U+10FFFF, a truncated sequence, a stray byte, or an unpaired surrogate escape. Thrown by
 * the parsers of {@link SpikeJson#newObjectMapper}'s mappers before any value is read; servers
 * answer it with 400 and {@link #getOriginalMessage()}, which names the problem and its byte
 * offset, never the bytes.
 */
public final class InvalidUtf8Exception extends JsonParseException {
  private static final long serialVersionUID = 1L;

  InvalidUtf8Exception(String problem) {
    super(
        (com.fasterxml.jackson.core.JsonParser) null,
        "body is not valid UTF-8 text: "
            + problem
            + "; send well-formed UTF-8 (no overlong forms, encoded surrogates or stray bytes)");
  }
}
