package ist.spike.server.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a new TLS connection whose handshake and first request headers have not arrived within the
 * timeout (Go's {@code ReadHeaderTimeout}, which Jetty lacks; the idle timeout alone would let a
 * client trickle one byte at a time). Later requests on a kept-alive connection are bounded by the
 * idle timeout.
 */
public final class HeaderTimeout implements Connection.Listener {
  private final Scheduler scheduler;
  private final long millis;

  /**
   * Creates the listener.
   *
   * @param scheduler the connector's scheduler
   * @param timeout the timeout
   */
  public HeaderTimeout(Scheduler scheduler, Duration timeout) {
    this.scheduler = scheduler;
    this.millis = timeout.toMillis();
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof SslConnection ssl) {
      scheduler.schedule(() -> check(ssl), millis, TimeUnit.MILLISECONDS);
    }
  }

  private static void check(SslConnection ssl) {
    if (!ssl.getEndPoint().isOpen()) {
      return;
    }
    Connection inner = ssl.getSslEndPoint().getConnection();
    if (inner == null || inner.getMessagesIn() == 0) {
      ssl.getEndPoint().close();
    }
  }
}
