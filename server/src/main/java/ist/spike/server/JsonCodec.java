package ist.spike.server;

import java.io.IOException;

/**
 * How a {@link SpikeServer} reads request bodies and writes JSON answers. The default is SPIKE's
 * wire mapper on Jackson databind ({@link SpikeServer.Builder#objectMapper}); a process whose
 * bodies are few and small (the Keeper) gives its own codec on {@code jackson-core} streaming, so
 * databind's classes never load there (ADR 0216). Every codec follows SPIKE's Go decoding rules and
 * the server's JSON limits, and states problems without quoting the input.
 */
public interface JsonCodec {
  /**
   * Parses a request body. The JSON literal {@code null} reads as {@code {}} (as Go decodes it).
   *
   * @param body the bytes (not modified; the server zeroes them afterwards)
   * @param type the request type
   * @param <T> the type
   * @return the value, never null
   * @throws BadRequestException if the body is empty, not JSON, over a limit or does not fit the
   *     type (the message never quotes the body)
   */
  <T> T read(byte[] body, Class<T> type) throws BadRequestException;

  /**
   * Serializes a response value: a route's answer, an {@link ErrorBody}'s shape, or a {@code
   * Map<String, String>} (the bare error envelope, the health probes' {@code {"status":...}}).
   *
   * @param value the value
   * @return the bytes; the server zeroes them after writing
   * @throws IOException if the value cannot be serialized
   */
  byte[] write(Object value) throws IOException;

  /**
   * Serializes an error body with an optional {@code "message"} member for humans, added after the
   * shape's own members (SPIKE's Go clients ignore unknown keys).
   *
   * @param shape what the route's {@link ErrorBody} gave
   * @param message the message, or null for none
   * @return the bytes
   * @throws IOException if the shape cannot be serialized
   */
  byte[] writeError(Object shape, String message) throws IOException;
}
