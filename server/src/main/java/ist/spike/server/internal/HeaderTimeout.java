package ist.spike.server.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a new TLS connection whose handshake and first request headers have not arrived within the
 * timeout (Go's {@code ReadHeaderTimeout}, which Jetty lacks; the idle timeout alone would let a
 * client trickle one byte at a time). Later requests on a kept-alive connection are bounded by the
 * idle timeout.
 *
 * <p>The timer of a connection is cancelled when it closes: a pending timer keeps the whole closed
 * connection (TLS engine, parser, buffers) reachable until it fires, and at hundreds of new
 * connections a second those piled up into the old generation and full collections.
 */
public final class HeaderTimeout implements Connection.Listener {
  private final Scheduler scheduler;
  private final long millis;
  private final Map<SslConnection, Scheduler.Task> timers = new ConcurrentHashMap<>();

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
      timers.put(ssl, scheduler.schedule(() -> check(ssl), millis, TimeUnit.MILLISECONDS));
    }
  }

  @Override
  public void onClosed(Connection connection) {
    if (connection instanceof SslConnection ssl) {
      Scheduler.Task timer = timers.remove(ssl);
      if (timer != null) {
        timer.cancel();
      }
    }
  }

  /** Returns how many connections have a header timer running (open, not yet closed). */
  public int timersRunning() {
    return timers.size();
  }

  private void check(SslConnection ssl) {
    timers.remove(ssl);
    if (!ssl.getEndPoint().isOpen()) {
      return;
    }
    Connection inner = ssl.getSslEndPoint().getConnection();
    if (inner == null || inner.getMessagesIn() == 0) {
      ssl.getEndPoint().close();
    }
  }
}
