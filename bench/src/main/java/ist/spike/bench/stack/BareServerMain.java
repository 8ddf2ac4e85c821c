package ist.spike.bench.stack;

import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.server.Guard;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeResponse;
import ist.spike.server.SpikeServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The baseline server: SPIKE's server stack (Jetty 12, virtual threads, SPIFFE mTLS, the same
 * request pipeline, Nexus's SVID) with one route on Nexus's secret-get path that reads the body and
 * answers a constant response of the same size as a real secret, and one on the cipher path that
 * echoes its body (the transport's ceiling for the cipher stream). Whatever Nexus spends beyond
 * this (authorization, storage, decryption, JSON, encryption) is the cost of SPIKE itself.
 *
 * <p>Usage: {@code BareServerMain TRUST_DIR PORT}; prints {@code ready} when it listens.
 */
public final class BareServerMain {
  /** The constant answer: a secret with one 32-character value, as Nexus would encode it. */
  static final byte[] RESPONSE =
      "{\"data\":{\"password\":\"0123456789abcdef0123456789abcdef\"}}"
          .getBytes(StandardCharsets.UTF_8);

  private BareServerMain() {}

  /**
   * Entry point.
   *
   * @param args the trust directory of a {@link LocalStack} and the port
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    SpikeServer server = start(DevTrustDomain.create(Path.of(args[0])), Integer.parseInt(args[1]));
    System.out.println("ready");
    server.join();
  }

  /**
   * Starts the bare server on 127.0.0.1.
   *
   * @param trust the trust domain whose Nexus SVID it presents; any workload of it may call
   * @param port the port, or 0 for a free one
   * @return the started server
   * @throws Exception if it cannot start
   */
  public static SpikeServer start(DevTrustDomain trust, int port) throws Exception {
    RouteTable routes =
        RouteTable.builder()
            .add(
                Route.of(
                    "/v1/store/secrets",
                    "get",
                    Guard.authorizedInHandler("bare benchmark endpoint"),
                    req -> {
                      try (InputStream in = req.bodyStream()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                      }
                      return SpikeResponse.bytes(200, "application/json", RESPONSE);
                    }))
            .add(
                Route.of(
                        "/v1/cipher/encrypt",
                        "",
                        Guard.authorizedInHandler("bare benchmark endpoint"),
                        req -> {
                          byte[] body;
                          try (InputStream in = req.bodyStream()) {
                            body = in.readAllBytes();
                          }
                          return SpikeResponse.bytes(200, "application/octet-stream", body);
                        })
                    .withMaxBodyBytes(16L << 20))
            .build();
    SpikeServer server =
        SpikeServer.builder()
            .name("bare")
            .config(ServerConfig.builder().listen(new InetSocketAddress("127.0.0.1", port)).build())
            .svidSource(trust.sourceFor(SpikeRole.NEXUS))
            .peerVerifier(
                ist.spike.identity.SpiffeIdVerifier.anyIn(java.util.Set.of(trust.trustDomain())))
            .routes(routes)
            .build();
    server.start();
    return server;
  }
}
