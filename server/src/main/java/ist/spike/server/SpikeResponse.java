package ist.spike.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link RouteHandler} answers: a JSON value, raw bytes, or a stream. Every response also
 * carries SPIKE's cache headers ({@code Cache-Control: no-store, no-cache, must-revalidate,
 * private}, {@code Pragma: no-cache}, {@code Expires: 0}).
 */
public final class SpikeResponse {
  /** Writes a streamed body. */
  @FunctionalInterface
  public interface BodyWriter {
    /**
     * Writes the body; the server closes the stream afterwards.
     *
     * @param out the response body
     * @throws IOException if writing fails (the connection is then aborted)
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private final int status;
  private final String contentType;
  private final Object json;
  private final byte[] bytes;
  private final BodyWriter writer;
  private final Map<String, String> headers;

  private SpikeResponse(
      int status,
      String contentType,
      Object json,
      byte[] bytes,
      BodyWriter writer,
      Map<String, String> headers) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 200..599, got " + status);
    }
    this.status = status;
    this.contentType = contentType;
    this.json = json;
    this.bytes = bytes;
    this.writer = writer;
    this.headers = Map.copyOf(headers);
  }

  /**
   * Returns 200 with a JSON body serialized by the server's mapper; the serialized bytes are zeroed
   * after writing.
   *
   * @param body the value
   * @return the response
   */
  public static SpikeResponse json(Object body) {
    return json(200, body);
  }

  /**
   * Returns a JSON body with a status.
   *
   * @param status the HTTP status
   * @param body the value
   * @return the response
   */
  public static SpikeResponse json(int status, Object body) {
    requireNonNull(body, "body must not be null");
    return new SpikeResponse(status, "application/json", body, null, null, Map.of());
  }

  /**
   * Returns 409 with SPIKE's conflict body, {@code {"err":"api_conflict","message":...}}: the
   * request was well formed but the current state forbids it.
   *
   * @param message what conflicts and what to do about it
   * @return the response
   */
  public static SpikeResponse conflict(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("err", "api_conflict");
    body.put("message", requireNonNull(message, "message"));
    return json(409, body);
  }

  /**
   * Returns raw bytes. The server zeroes the array after writing it, so pass a buffer you own.
   *
   * @param status the HTTP status
   * @param contentType the content type, for example {@code application/octet-stream}
   * @param body the bytes (not copied)
   * @return the response
   */
  public static SpikeResponse bytes(int status, String contentType, byte[] body) {
    requireNonNull(contentType, "contentType must not be null");
    requireNonNull(body, "body must not be null");
    return new SpikeResponse(status, contentType, null, body, null, Map.of());
  }

  /**
   * Returns a streamed body of unknown length.
   *
   * @param status the HTTP status
   * @param contentType the content type
   * @param writer writes the body
   * @return the response
   */
  public static SpikeResponse stream(int status, String contentType, BodyWriter writer) {
    requireNonNull(contentType, "contentType must not be null");
    requireNonNull(writer, "writer must not be null");
    return new SpikeResponse(status, contentType, null, null, writer, Map.of());
  }

  /**
   * Returns a copy with one more header (for example {@code X-Content-Type-Options: nosniff}).
   *
   * @param name the header name
   * @param value the value
   * @return the new response
   */
  public SpikeResponse withHeader(String name, String value) {
    requireNonNull(name, "name must not be null");
    requireNonNull(value, "value must not be null");
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new SpikeResponse(status, contentType, json, bytes, writer, copy);
  }

  /** Returns the HTTP status. */
  public int status() {
    return status;
  }

  /** Returns the content type. */
  public String contentType() {
    return contentType;
  }

  /** Returns the JSON value, if this is a JSON response. */
  public Optional<Object> jsonBody() {
    return Optional.ofNullable(json);
  }

  /**
   * Returns the raw bytes (the array given to {@link #bytes}, not a copy; the server zeroes it
   * after writing), if this is a bytes response.
   */
  public Optional<byte[]> rawBytes() {
    return Optional.ofNullable(bytes);
  }

  /** Returns the writer, if this is a streamed response. */
  public Optional<BodyWriter> writer() {
    return Optional.ofNullable(writer);
  }

  /** Returns the extra headers. */
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public String toString() {
    return "SpikeResponse[" + status + ", " + contentType + "]";
  }
}
