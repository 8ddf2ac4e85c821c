package ist.spike.server.protect;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.SpiffeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards a TLS connector's connections (add it as a bean of the connector):
 *
 * <ul>
 *   <li>a TLS handshake must finish within {@link ProtectionLimits#handshakeTimeout()};
 *   <li>at most {@link ProtectionLimits#maxPendingHandshakes()} connections, and {@link
 *       ProtectionLimits#maxPendingHandshakesPerAddress()} per source address, may be waiting for
 *       their handshake: the oldest one is closed to make room, so a flood of bare TCP connections
 *       never keeps the connection cap full and a real client, whose handshake takes milliseconds,
 *       gets through;
 *   <li>one SPIFFE ID may hold at most {@link ProtectionLimits#maxConnectionsPerPeer()} open
 *       connections: a connection above it is marked {@link #isOverPeerLimit over the limit} (the
 *       {@link RequestLimiter} answers its first request with a 429 that says why, and closes it)
 *       and closed {@link #OVER_LIMIT_GRACE} after its handshake if it sends nothing.
 * </ul>
 *
 * <p>Connections are closed outright (not half-closed), so the socket is released at once.
 */
public final class ConnectionGuard implements Connection.Listener {
  private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

  private final ProtectionLimits limits;
  private final Scheduler scheduler;
  private final Object lock = new Object();
  // Connections waiting for their handshake, oldest first, with their handshake timers (cancelled
  // when they leave: a pending timer keeps a closed connection reachable). Guarded by lock.
  private final LinkedHashMap<SslConnection, Pending> pending = new LinkedHashMap<>();
  private final Map<InetAddress, Integer> pendingPerAddress = new HashMap<>();
  // Connections counted against their peer, and the counts. Guarded by lock.
  private final Map<SslConnection, SpiffeId> established = new HashMap<>();
  private final Map<SpiffeId, Integer> perPeer = new HashMap<>();
  // Connections over their peer's cap, by the endpoint their HTTP connection reads. Guarded by
  // lock.
  private final Set<EndPoint> overLimit = new HashSet<>();

  /**
   * How long a connection over its peer's cap stays open for its first request, which then gets a
   * 429 naming the cap instead of a bare reset.
   */
  public static final Duration OVER_LIMIT_GRACE = Duration.ofSeconds(2);

  /**
   * Creates the guard.
   *
   * @param limits the limits
   * @param scheduler the connector's scheduler, for the handshake timeout
   */
  public ConnectionGuard(ProtectionLimits limits, Scheduler scheduler) {
    this.limits = requireNonNull(limits, "limits must not be null");
    this.scheduler = requireNonNull(scheduler, "scheduler must not be null");
  }

  @Override
  public void onOpened(Connection connection) {
    if (!(connection instanceof SslConnection ssl)) {
      return;
    }
    InetAddress address = addressOf(ssl.getEndPoint().getRemoteSocketAddress());
    Scheduler.Task timer =
        scheduler.schedule(
            () -> {
              if (isPending(ssl)) {
                log.debug("closing a connection whose TLS handshake took too long");
                ssl.getEndPoint().close();
              }
            },
            limits.handshakeTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    List<SslConnection> evicted = new ArrayList<>();
    synchronized (lock) {
      pending.put(ssl, new Pending(address, timer));
      pendingPerAddress.merge(address, 1, Integer::sum);
      if (pendingPerAddress.get(address) > limits.maxPendingHandshakesPerAddress()) {
        evictOldest(address, evicted);
      }
      if (pending.size() > limits.maxPendingHandshakes()) {
        evictOldest(null, evicted);
      }
    }
    for (SslConnection old : evicted) {
      log.debug(
          "closing a connection from {} still in its TLS handshake (too many pending)", address);
      old.getEndPoint().close();
    }
    ssl.addHandshakeListener(new Handshake(ssl));
  }

  @Override
  public void onClosed(Connection connection) {
    if (!(connection instanceof SslConnection ssl)) {
      return;
    }
    removePending(ssl);
    synchronized (lock) {
      overLimit.remove(ssl.getSslEndPoint());
      SpiffeId peer = established.remove(ssl);
      if (peer != null) {
        perPeer.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
      }
    }
  }

  /**
   * Tells whether a connection was opened while its peer already held the most connections allowed.
   *
   * @param endPoint the endpoint an HTTP connection reads (the TLS layer's decrypted side)
   */
  public boolean isOverPeerLimit(EndPoint endPoint) {
    synchronized (lock) {
      return overLimit.contains(endPoint);
    }
  }

  /** Returns the number of connections waiting for their TLS handshake. */
  public int pendingHandshakes() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** Returns the number of open connections of a peer. */
  public int connectionsOf(SpiffeId peer) {
    synchronized (lock) {
      return perPeer.getOrDefault(peer, 0);
    }
  }

  /**
   * Closes the oldest pending connection (of {@code address}, or of any address if null) that has
   * not sent a byte yet (no ClientHello); if every one has, the oldest. A client that is really
   * handshaking is thus the last to go.
   *
   * <p>"Oldest" is by the time the socket was accepted, not by the order of {@link #onOpened}: the
   * TLS engine of a connection is made before it opens, and under load one engine can take long
   * enough for later connections to open first. "Sent a byte" is read from the connection, not from
   * the engine's handshake session, which engines report differently: with Conscrypt the guard
   * closed the real client and kept the flood.
   */
  private void evictOldest(InetAddress address, List<SslConnection> evicted) {
    Map.Entry<SslConnection, Pending> oldest = null;
    Map.Entry<SslConnection, Pending> oldestSilent = null;
    for (Map.Entry<SslConnection, Pending> e : pending.entrySet()) {
      if (address != null && !e.getValue().address().equals(address)) {
        continue;
      }
      if (oldest == null || acceptedBefore(e.getKey(), oldest.getKey())) {
        oldest = e;
      }
      if (e.getKey().getBytesIn() == 0
          && (oldestSilent == null || acceptedBefore(e.getKey(), oldestSilent.getKey()))) {
        oldestSilent = e;
      }
    }
    Map.Entry<SslConnection, Pending> victim = oldestSilent != null ? oldestSilent : oldest;
    if (victim != null) {
      SslConnection ssl = victim.getKey();
      removePendingLocked(ssl);
      evicted.add(ssl);
    }
  }

  private static boolean acceptedBefore(SslConnection a, SslConnection b) {
    return a.getEndPoint().getCreatedTimeStamp() < b.getEndPoint().getCreatedTimeStamp();
  }

  private boolean isPending(SslConnection ssl) {
    synchronized (lock) {
      return pending.containsKey(ssl);
    }
  }

  private void removePending(SslConnection ssl) {
    synchronized (lock) {
      removePendingLocked(ssl);
    }
  }

  private void removePendingLocked(SslConnection ssl) {
    Pending left = pending.remove(ssl);
    if (left != null) {
      left.timer().cancel();
      pendingPerAddress.computeIfPresent(left.address(), (k, v) -> v == 1 ? null : v - 1);
    }
  }

  /** A connection waiting for its handshake: where it comes from, and its handshake timer. */
  private record Pending(InetAddress address, Scheduler.Task timer) {}

  private void onHandshakeDone(SslConnection ssl, Optional<SpiffeId> peer) {
    removePending(ssl);
    if (peer.isEmpty()) {
      return;
    }
    SpiffeId id = peer.get();
    boolean over;
    synchronized (lock) {
      if (!ssl.getEndPoint().isOpen() || established.containsKey(ssl)) {
        return; // closed already, or counted already (a second handshake notification)
      }
      over = perPeer.getOrDefault(id, 0) >= limits.maxConnectionsPerPeer();
      if (over) {
        overLimit.add(ssl.getSslEndPoint());
      } else {
        established.put(ssl, id);
        perPeer.merge(id, 1, Integer::sum);
      }
    }
    if (over) {
      log.debug(
          "connection of {} over the limit ({}): its first request is refused",
          id,
          limits.maxConnectionsPerPeer());
      scheduler.schedule(
          () -> ssl.getEndPoint().close(), OVER_LIMIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static InetAddress addressOf(SocketAddress address) {
    return address instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress()
        : InetAddress.getLoopbackAddress();
  }

  private final class Handshake implements SslHandshakeListener {
    private final SslConnection ssl;

    Handshake(SslConnection ssl) {
      this.ssl = ssl;
    }

    @Override
    public void handshakeSucceeded(Event event) {
      onHandshakeDone(ssl, PeerIds.of(event.getSSLEngine().getSession()));
    }

    @Override
    public void handshakeFailed(Event event, Throwable failure) {
      removePending(ssl);
    }
  }
}
