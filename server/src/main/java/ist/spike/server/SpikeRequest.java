package ist.spike.server;

import ist.spike.identity.SpiffeId;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/** What a {@link RouteHandler} sees of a request. Not thread-safe; valid during the call only. */
public interface SpikeRequest {
  /** Returns the peer's SPIFFE ID, taken from the verified TLS client certificate. */
  SpiffeId peer();

  /** Returns the matched route. */
  RouteKey route();

  /**
   * Names what this request touches in its audit record, for example {@code ("path", "app/db")},
   * {@code ("versions", "1,2")} or {@code ("policy", "readers")}. Never secret values. A later call
   * with the same key replaces the value; a record keeps at most 8 keys.
   *
   * @param key the resource kind; not null
   * @param value the identifier; not null
   */
  default void auditResource(String key, String value) {}

  /**
   * Returns a request header.
   *
   * @param name the header name, case-insensitive
   * @return the first value, or empty
   */
  Optional<String> header(String name);

  /** Returns the exact {@code Content-Type} header, if any. */
  Optional<String> contentType();

  /** Returns the declared body length, if the client sent {@code Content-Length}. */
  OptionalLong contentLength();

  /** Returns this route's body limit in bytes. */
  long maxBodyBytes();

  /**
   * Reads the whole body (up to the route's limit) as JSON. The JSON literal {@code null} reads as
   * {@code {}} (as Go decodes it); keys match case-insensitively and unknown keys are ignored. The
   * raw bytes are zeroed after parsing.
   *
   * @param type the request type (a record in {@code api})
   * @param <T> the type
   * @return the value, never null
   * @throws BadRequestException if the body is empty, not JSON, exceeds the JSON limits, or does
   *     not fit the type (the message gives the location, never the content)
   * @throws PayloadTooLargeException if the body exceeds the route's limit
   */
  <T> T readJson(Class<T> type) throws BadRequestException, PayloadTooLargeException;

  /**
   * Like {@link #readJson(Class)} with a smaller limit.
   *
   * @param type the request type
   * @param maxBytes the limit, at most the route's
   * @param <T> the type
   * @return the value
   * @throws BadRequestException see {@link #readJson(Class)}
   * @throws PayloadTooLargeException if the body exceeds {@code maxBytes}
   */
  <T> T readJson(Class<T> type, long maxBytes) throws BadRequestException, PayloadTooLargeException;

  /**
   * Returns the body as a stream limited to the route's limit; reading past it throws {@link
   * RequestBodyTooLargeException} (413) and a failed read throws {@link RequestBodyReadException}
   * (400). For streaming routes; call at most once and not together with {@code readJson}.
   *
   * @return the body stream
   */
  InputStream bodyStream();
}
