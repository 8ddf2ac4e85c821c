package ist.spike.server.metrics;

import static java.util.Objects.requireNonNull;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves {@code GET /metrics} (Prometheus text format) on the metrics connector only and 404 for
 * anything else there; requests on every other connector go to the wrapped handler. The metrics
 * listener is plain HTTP without authentication: bind it to loopback or a monitoring network.
 */
public final class MetricsEndpoint extends Handler.Wrapper {
  /** The Prometheus text exposition content type. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ServerMetrics metrics;
  private final Connector connector;

  /**
   * Creates the endpoint.
   *
   * @param metrics what to serve; not null
   * @param connector the metrics listener; not null
   * @param next the server's own handler; not null
   */
  public MetricsEndpoint(ServerMetrics metrics, Connector connector, Handler next) {
    super(requireNonNull(next, "next"));
    this.metrics = requireNonNull(metrics, "metrics");
    this.connector = requireNonNull(connector, "connector");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (request.getConnectionMetaData().getConnector() != connector) {
      return super.handle(request, response, callback);
    }
    boolean scrape =
        request.getMethod().equals("GET") && Request.getPathInContext(request).equals("/metrics");
    byte[] body =
        scrape
            ? metrics.scrape().getBytes(StandardCharsets.UTF_8)
            : "not found: this listener serves only GET /metrics\n"
                .getBytes(StandardCharsets.UTF_8);
    response.setStatus(scrape ? 200 : 404);
    response
        .getHeaders()
        .put(HttpHeader.CONTENT_TYPE, scrape ? CONTENT_TYPE : "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      out.write(body);
      callback.succeeded();
    } catch (Exception e) {
      callback.failed(e);
    }
    return true;
  }
}
