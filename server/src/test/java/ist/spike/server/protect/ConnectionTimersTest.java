package ist.spike.server.protect;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.server.internal.HeaderTimeout;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-connection timers of {@link HeaderTimeout} and {@link ConnectionGuard} must not keep a
 * closed connection reachable until they fire: at hundreds of new connections a second, closed
 * connections (TLS engine, parser, buffers) then piled up in the old generation and Nexus spent
 * 100+ ms in full collections (issue 13, docs/benchmarks.md, sixth round).
 */
class ConnectionTimersTest {
  private static final Executor DIRECT = Runnable::run;
  private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();

  @BeforeEach
  void start() throws Exception {
    scheduler.start();
  }

  @AfterEach
  void stop() throws Exception {
    scheduler.stop();
  }

  @Test
  void headerTimeout_connectionClosed_timerCancelledAndConnectionCollectable() throws Exception {
    HeaderTimeout timeout = new HeaderTimeout(scheduler, Duration.ofMinutes(10));

    WeakReference<SslConnection> closed = openAndClose(timeout);

    assertThat(timeout.timersRunning()).isZero();
    assertThat(collected(closed)).as("closed connection still reachable").isTrue();
  }

  @Test
  void headerTimeout_connectionOpen_timerKept() throws Exception {
    HeaderTimeout timeout = new HeaderTimeout(scheduler, Duration.ofMinutes(10));
    SslConnection open = connection();

    timeout.onOpened(open);

    assertThat(timeout.timersRunning()).isEqualTo(1);
  }

  @Test
  void connectionGuard_closedBeforeItsHandshake_timerCancelledAndConnectionCollectable()
      throws Exception {
    ConnectionGuard guard =
        new ConnectionGuard(
            new ProtectionLimits(16, 2, 8, 64, 256, 64, Duration.ofMinutes(10), 1024), scheduler);

    WeakReference<SslConnection> closed = openAndClose(guard);

    assertThat(guard.pendingHandshakes()).isZero();
    assertThat(collected(closed)).as("closed connection still reachable").isTrue();
  }

  /** Opens a connection to the listener, closes it, and drops every reference but a weak one. */
  private static WeakReference<SslConnection> openAndClose(Connection.Listener listener)
      throws Exception {
    SslConnection ssl = connection();
    listener.onOpened(ssl);
    ssl.getEndPoint().close();
    listener.onClosed(ssl);
    return new WeakReference<>(ssl);
  }

  private static SslConnection connection() throws Exception {
    return new SslConnection(
        new ArrayByteBufferPool(),
        DIRECT,
        new ByteArrayEndPoint(),
        SSLContext.getDefault().createSSLEngine());
  }

  private static boolean collected(WeakReference<?> ref) throws InterruptedException {
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    return ref.get() == null;
  }
}
