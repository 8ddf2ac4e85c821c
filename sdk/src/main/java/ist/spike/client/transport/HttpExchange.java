package ist.spike.client.transport;

import ist.spike.client.error.SpikeConnectionException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The JDK {@link HttpClient} (HTTP/1.1, connections kept and reused, its own executor): SPIKE's
 * transport for long-lived services, and the only one for streamed calls.
 */
final class HttpExchange implements Exchange {
  private final HttpClient http;
  private final ExecutorService executor;
  private final Duration requestTimeout;

  HttpExchange(
      SSLContext context,
      SSLParameters parameters,
      Duration connectTimeout,
      Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
    this.executor = TransportThreads.newExecutor();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(context)
            .sslParameters(parameters)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  @Override
  public Answer post(String call, URI uri, String contentType, byte[] body)
      throws SpikeConnectionException {
    HttpResponse<InputStream> response =
        send(
            call,
            HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    return new Answer(response.statusCode(), response.body());
  }

  /**
   * Sends a request built by the caller (streamed calls) with this client's timeout applied.
   *
   * @param call what is being called, for error messages
   * @param request the request, its timeout set
   * @return the answer, its body unread
   * @throws SpikeConnectionException as {@link #post}
   */
  HttpResponse<InputStream> send(String call, HttpRequest request) throws SpikeConnectionException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw ErrorMapper.connection(call, "connecting timed out", e);
    } catch (HttpTimeoutException e) {
      throw ErrorMapper.connection(
          call, "no answer within " + requestTimeout + " (SPIKE_HTTP_CLIENT_TIMEOUT)", e);
    } catch (ConnectException e) {
      throw ErrorMapper.connection(call, "cannot connect (is the server running?)", e);
    } catch (SSLException e) {
      throw ErrorMapper.connection(call, "TLS failed: " + ErrorMapper.tlsReason(e), e);
    } catch (IOException e) {
      throw ErrorMapper.connection(call, "I/O error: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ErrorMapper.connection(call, "interrupted", e);
    }
  }

  /** Closes the connection pool (waits for calls in flight). */
  @Override
  public void close() {
    TransportThreads.close(http, executor);
  }
}
