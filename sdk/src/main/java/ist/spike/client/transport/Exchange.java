package ist.spike.client.transport;

import ist.spike.client.error.SpikeConnectionException;
import java.io.InputStream;
import java.net.URI;

/**
 * One way of sending a request with a JSON (or other) body and getting its answer: the JDK {@code
 * HttpClient} for long-lived services ({@link HttpExchange}), a blocking TLS socket for one-shot
 * clients ({@link BlockingExchange}). Both use the same {@code SSLContext} and {@code
 * SSLParameters}, so the server is verified the same way, and map failures to the same exceptions.
 */
interface Exchange extends AutoCloseable {
  /**
   * Sends a POST and returns once the answer's status and headers are read.
   *
   * @param call what is being called, for error messages ({@code POST /target to base})
   * @param uri the full request URI
   * @param contentType the request body's content type
   * @param body the request body (not zeroed here)
   * @return the status and the (unread) body; close the body
   * @throws SpikeConnectionException if the server cannot be reached, TLS fails, the server's
   *     SPIFFE ID is not accepted, no answer comes in time or the answer is not HTTP/1.1
   */
  Answer post(String call, URI uri, String contentType, byte[] body)
      throws SpikeConnectionException;

  /** Releases the exchange's threads and connections. */
  @Override
  void close();

  /** An answer's status and body stream. */
  final class Answer {
    private final int status;
    private final InputStream body;

    Answer(int status, InputStream body) {
      this.status = status;
      this.body = body;
    }

    int status() {
      return status;
    }

    InputStream body() {
      return body;
    }
  }
}
