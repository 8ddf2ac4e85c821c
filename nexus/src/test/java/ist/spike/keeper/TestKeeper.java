package ist.spike.keeper;

import static java.util.Objects.requireNonNull;

import ist.spike.api.json.SpikeJson;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A real Keeper for Nexus tests: the Keeper's own routes and shard slot on a mTLS server on
 * 127.0.0.1, which a test stops (the Keeper is unreachable) and starts again on the same port
 * (empty, as a restarted Keeper is). In the Keeper's package to reach its package-private routes.
 */
public final class TestKeeper implements AutoCloseable {
  private final DevTrustDomain td;
  private final X509SvidSource source;
  private int port;
  private ShardSlot slot;
  private SpikeServer server;

  /**
   * Starts a Keeper on a free port.
   *
   * @param td the trust domain that issues its SVID and accepts Nexus
   */
  public TestKeeper(DevTrustDomain td) {
    this.td = requireNonNull(td, "td");
    this.source = td.sourceFor(SpikeRole.KEEPER);
    start();
  }

  /** Returns its base URL (the same across restarts). */
  public synchronized URI uri() {
    return URI.create("https://127.0.0.1:" + port);
  }

  /** Starts it again, empty, on its port; a no-op if it runs. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    slot = new ShardSlot();
    server =
        SpikeServer.builder()
            .name("keeper")
            .config(ServerConfig.builder().listen(new InetSocketAddress("127.0.0.1", port)).build())
            .svidSource(source)
            .peerVerifier(td.roles().verifierFor(SpikeRole.NEXUS, SpikeRole.BOOTSTRAP))
            .routes(KeeperRoutes.table(td.roles(), slot))
            .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
            .build();
    server.start();
    port = server.uri().getPort();
  }

  /** Stops it: it no longer answers and forgets its shard. */
  public synchronized void stop() {
    if (server != null) {
      server.close();
      slot.close();
      server = null;
    }
  }

  @Override
  public synchronized void close() {
    stop();
    source.close();
  }
}
