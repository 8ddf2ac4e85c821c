package ist.spike.nexus.store.internal;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts changes announced on a PostgreSQL {@code NOTIFY} channel, so caches in every Nexus that
 * shares the database can tell that they are stale without asking the database per request.
 *
 * <p>The counter also moves whenever the listening connection is lost and again when it is back:
 * notifications sent meanwhile are lost, so a cache must reload after an outage. Notifications are
 * polled every {@value #POLL_MILLIS} ms, well inside the one-second coherence promise.
 */
public final class PgChangeListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgChangeListener.class);
  static final int POLL_MILLIS = 100;

  private final DataSource dataSource;
  private final String channel;
  private final AtomicLong generation = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts listening.
   *
   * @param dataSource where to open the listening connection (one connection, held)
   * @param channel the channel name (a plain SQL identifier)
   */
  public PgChangeListener(DataSource dataSource, String channel) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    if (!channel.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("channel must be a plain identifier; got " + channel);
    }
    this.channel = channel;
    this.thread =
        Thread.ofPlatform().name("nexus-pg-listen-" + channel).daemon(true).unstarted(this::loop);
    thread.start();
  }

  /** Returns a number that changes whenever a change may have happened since it was last read. */
  public long generation() {
    return generation.get();
  }

  private void loop() {
    while (!closed) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + channel);
        }
        generation.incrementAndGet();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(POLL_MILLIS);
          if (got != null && got.length > 0) {
            generation.incrementAndGet();
          }
        }
      } catch (SQLException | RuntimeException e) {
        generation.incrementAndGet();
        if (!closed) {
          LOG.debug("listening on {} interrupted ({}); reconnecting", channel, e.getMessage());
          try {
            Thread.sleep(POLL_MILLIS * 2L);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
