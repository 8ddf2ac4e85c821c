package ist.spike.client.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A successful streamed answer: the content type and the body stream. Close it to release the
 * connection.
 */
public final class StreamResponse implements AutoCloseable {
  private final Optional<String> contentType;
  private final InputStream body;

  StreamResponse(Optional<String> contentType, InputStream body) {
    this.contentType = requireNonNull(contentType, "contentType must not be null");
    this.body = requireNonNull(body, "body must not be null");
  }

  /** Returns the response {@code Content-Type}, if any. */
  public Optional<String> contentType() {
    return contentType;
  }

  /** Returns the body; read it to the end or close this response. */
  public InputStream body() {
    return body;
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  @Override
  public String toString() {
    return "StreamResponse[" + contentType.orElse("no content type") + "]";
  }
}
