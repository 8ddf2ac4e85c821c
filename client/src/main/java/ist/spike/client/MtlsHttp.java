package ist.spike.client;

import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.X509SvidSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs JSON over SPIFFE mTLS with the JDK client; one instance per peer role. */
final class MtlsHttp implements AutoCloseable {
  /** An HTTP answer; the caller zeroes {@code body} when it may carry secrets. */
  record Answer(int status, byte[] body) {}

  private final HttpClient http;
  private final Duration timeout;

  MtlsHttp(X509SvidSource source, SpiffeIdVerifier serverVerifier, Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .sslContext(SpiffeTls.sslContext(source, serverVerifier))
            .sslParameters(SpiffeTls.sslParameters())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  /**
   * POSTs {@code body} (which the caller zeroes afterwards).
   *
   * @throws IOException if the server cannot be reached or the TLS handshake fails
   */
  Answer post(URI base, String target, byte[] body) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(target))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(), response.body() == null ? new byte[0] : response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
