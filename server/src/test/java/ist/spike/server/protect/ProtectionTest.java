package ist.spike.server.protect;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.server.Guard;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeResponse;
import ist.spike.server.SpikeServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protection layer through a real {@link SpikeServer} over mTLS on 127.0.0.1. */
class ProtectionTest {
  @TempDir static Path dir;
  static DevTrustDomain td;
  static FileSvidSource serverSource;
  static FileSvidSource pilotSource;
  static FileSvidSource workloadSource;
  static FileSvidSource otherSource;
  static SSLContext pilot;
  static SSLContext workload;
  static SSLContext other;

  SpikeServer server;
  final CountDownLatch release = new CountDownLatch(1);
  final List<Socket> sockets = new ArrayList<>();

  @BeforeAll
  static void trust() {
    td = DevTrustDomain.create(dir);
    serverSource = td.sourceFor(SpikeRole.NEXUS);
    pilotSource = td.sourceFor(SpikeRole.PILOT_SUPERUSER);
    workloadSource = td.sourceFor(td.id("workload/app"));
    otherSource = td.sourceFor(td.id("workload/other"));
    pilot = SpiffeTls.sslContext(pilotSource, td.roles().verifierFor(SpikeRole.NEXUS));
    workload = SpiffeTls.sslContext(workloadSource, td.roles().verifierFor(SpikeRole.NEXUS));
    other = SpiffeTls.sslContext(otherSource, td.roles().verifierFor(SpikeRole.NEXUS));
  }

  @AfterAll
  static void closeSources() {
    serverSource.close();
    pilotSource.close();
    workloadSource.close();
    otherSource.close();
  }

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(ProtectionLimits limits, Duration readTimeout) {
    start(limits, readTimeout, Duration.ofSeconds(60));
  }

  private void start(ProtectionLimits limits, Duration readTimeout, Duration idleTimeout) {
    Guard anyone = Guard.authorizedInHandler("test: anyone");
    RouteTable routes =
        RouteTable.builder()
            .add(
                Route.of(
                    "/v1/block",
                    "",
                    anyone,
                    req -> {
                      try {
                        release.await(20, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return SpikeResponse.json(Map.of());
                    }))
            .add(
                Route.of(
                    "/v1/echo", "", anyone, req -> SpikeResponse.json(req.readJson(Map.class))))
            .build();
    server =
        SpikeServer.builder()
            .name("protect-test")
            .config(
                ServerConfig.builder()
                    .protection(limits)
                    .readTimeout(readTimeout)
                    .readHeaderTimeout(Duration.ofSeconds(60))
                    .idleTimeout(idleTimeout)
                    .build())
            .svidSource(serverSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(routes)
            .privilegedPeers(id -> td.roles().has(id, SpikeRole.PILOT_SUPERUSER))
            .build();
    server.start();
  }

  private static ProtectionLimits limits(
      int max, int reserved, int perPeer, int connectionsPerPeer, int pendingPerAddress) {
    return new ProtectionLimits(
        max,
        reserved,
        perPeer,
        connectionsPerPeer,
        256,
        pendingPerAddress,
        Duration.ofSeconds(30),
        1024);
  }

  private SSLSocket tls(SSLContext context) throws IOException {
    Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.port());
    sockets.add(plain);
    plain.setSoTimeout(10_000);
    SSLSocket s =
        (SSLSocket)
            context.getSocketFactory().createSocket(plain, "127.0.0.1", server.port(), true);
    sockets.add(s);
    s.setSSLParameters(SpiffeTls.sslParameters());
    s.startHandshake();
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  private static String post(String path, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  /** Reads the response head (status line and headers). */
  private static String head(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      out.write(b);
      String text = out.toString(StandardCharsets.US_ASCII);
      if (text.endsWith("\r\n\r\n")) {
        return text;
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /** Whether the server closed the connection (end of stream or reset) within the timeout. */
  private static boolean closedByServer(Socket s, int timeoutMillis) throws IOException {
    s.setSoTimeout(timeoutMillis);
    try {
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // skip whatever was sent before the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void requestsPerPeer_overTheLimit_fast429WithRetryAfter_otherPeersServed() throws Exception {
    start(limits(16, 2, 1, 64, 64), Duration.ofSeconds(30));
    SSLSocket first = tls(workload);
    send(first, post("/v1/block", "{}"));
    Thread.sleep(300);
    SSLSocket second = tls(workload);
    long t0 = System.nanoTime();
    // Headers and part of the body only: the refusal must not wait for the rest.
    send(second, "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"");
    String refused = head(second);
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    assertThat(refused).startsWith("HTTP/1.1 429 ");
    assertThat(refused).contains("Retry-After: 1").contains("Connection: close");
    assertThat(took).as("refused without reading the body").isLessThan(3000);
    SSLSocket third = tls(other);
    send(third, post("/v1/echo", "{\"a\":1}"));
    assertThat(head(third)).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void reservedShare_fullForWorkloads_privilegedPeerStillServed() throws Exception {
    start(limits(2, 1, 8, 64, 64), Duration.ofSeconds(30));
    SSLSocket busy = tls(workload);
    send(busy, post("/v1/block", "{}"));
    Thread.sleep(300);

    SSLSocket workloadAgain = tls(other);
    send(workloadAgain, post("/v1/echo", "{}"));
    assertThat(head(workloadAgain)).startsWith("HTTP/1.1 429 ");
    SSLSocket operator = tls(pilot);
    send(operator, post("/v1/echo", "{}"));
    assertThat(head(operator)).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void connectionsPerPeer_overTheLimit_429NamingTheCap_thenClosed_freedWhenOneCloses()
      throws Exception {
    start(limits(16, 2, 8, 2, 64), Duration.ofSeconds(30));
    SSLSocket a = tls(workload);
    SSLSocket b = tls(workload);
    send(a, post("/v1/echo", "{}"));
    assertThat(head(a)).startsWith("HTTP/1.1 200 ");
    // b answers too, so the server has finished both handshakes and counted both before c arrives
    send(b, post("/v1/echo", "{}"));
    assertThat(head(b)).startsWith("HTTP/1.1 200 ");
    SSLSocket c = tls(workload);
    send(c, post("/v1/echo", "{}"));
    // The server closes after the refusal, so reading to the end of the stream terminates.
    String refused = new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(refused)
        .startsWith("HTTP/1.1 429 ")
        .contains("Connection: close")
        .contains("holds 2 connections, the most allowed");
    SSLSocket silent = tls(workload);
    assertThat(closedByServer(silent, 5000)).as("silent connection over the cap").isTrue();
    assertThat(closedByServer(b, 500)).as("second connection stays open").isFalse();

    a.close();
    Thread.sleep(300);
    SSLSocket d = tls(workload);
    send(d, post("/v1/echo", "{}"));
    assertThat(head(d)).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void pendingHandshakes_bareTcpFlood_oldestClosed_realClientServed() throws Exception {
    start(limits(16, 2, 8, 64, 8), Duration.ofSeconds(30));
    // The first TLS engine of a server can take long enough to make (Conscrypt sets up its native
    // context) that later connections open before the first: pay for it before the flood, so
    // that the first bare connection is also the first the guard sees.
    SSLSocket warm = tls(pilot);
    send(warm, post("/v1/echo", "{}"));
    assertThat(head(warm)).startsWith("HTTP/1.1 200 ");
    warm.close();
    List<Socket> bare = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
      sockets.add(s);
      bare.add(s);
    }
    SSLSocket real = tls(pilot);
    send(real, post("/v1/echo", "{}"));
    assertThat(head(real)).startsWith("HTTP/1.1 200 ");
    assertThat(closedByServer(bare.get(0), 5000)).as("oldest bare connection").isTrue();
    int stillOpen = 0;
    for (Socket s : bare) {
      if (!closedByServer(s, 50)) {
        stillOpen++;
      }
    }
    assertThat(stillOpen).as("bare connections the server still holds").isLessThanOrEqualTo(8);
  }

  @Test
  void handshakeTimeout_silentConnection_closed() throws Exception {
    start(
        new ProtectionLimits(16, 2, 8, 64, 256, 64, Duration.ofMillis(500), 1024),
        Duration.ofSeconds(30));
    Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port());
    sockets.add(silent);
    long t0 = System.nanoTime();
    assertThat(closedByServer(silent, 8000)).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(8000);
  }

  @Test
  void chunkedBodyWithoutEnd_answeredAtTheReadTimeout() throws Exception {
    start(ProtectionLimits.DEFAULT, Duration.ofSeconds(1));
    SSLSocket s = tls(workload);
    long t0 = System.nanoTime();
    send(s, "POST /v1/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{\"\r\n");
    String answer = head(s);
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(took)
        .as("read deadline of 1s enforced during a blocked read")
        .isBetween(800L, 5000L);
  }

  @Test
  void shortContentLengthBody_cutOffAtTheMinimumDataRate() throws Exception {
    // 100 bytes at 1024 B/s: one second of grace plus 0.1s, far below the 30s read timeout.
    start(ProtectionLimits.DEFAULT, Duration.ofSeconds(30));
    SSLSocket s = tls(workload);
    long t0 = System.nanoTime();
    send(s, "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":");
    String answer = head(s);
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(took).isBetween(900L, 10_000L);
    assertThat(closedByServer(s, 3000)).as("connection closed after the cut-off").isTrue();
  }

  @Test
  void idleKeepAlive_clientStaysSilent_serverReleasesItsSocketAtTheIdleTimeout() throws Exception {
    start(ProtectionLimits.DEFAULT, Duration.ofSeconds(30), Duration.ofSeconds(2));
    SSLSocket s = tls(workload);
    send(s, post("/v1/echo", "{}"));
    assertThat(head(s)).startsWith("HTTP/1.1 200 ");
    assertThat(serverSockets(server.port())).as("the kept-alive connection").isEqualTo(1);

    // The client never closes its side: the server must still let go of the socket entirely (a
    // half-closed socket in FIN-WAIT-2 that the server still holds would count against its cap).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (serverSockets(server.port()) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(serverSockets(server.port())).isZero();
  }

  /**
   * Counts the TCP sockets on {@code port} (other than the listener) that the server process still
   * holds: in {@code /proc/net/tcp} and {@code tcp6}, a socket no process holds any more has inode
   * 0.
   */
  private static int serverSockets(int port) throws IOException {
    String local = String.format(":%04X", port);
    int n = 0;
    List<String> lines =
        new ArrayList<>(java.nio.file.Files.readAllLines(Path.of("/proc/net/tcp")));
    lines.addAll(java.nio.file.Files.readAllLines(Path.of("/proc/net/tcp6")));
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 9 && f[1].endsWith(local) && !f[3].equals("0A") && !f[9].equals("0")) {
        n++;
      }
    }
    return n;
  }

  @Test
  void keepAlive_malformedJsonThenHealth_oneConnectionServesEveryExchange() throws Exception {
    start(ProtectionLimits.DEFAULT, Duration.ofSeconds(30));
    java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .sslContext(pilot)
            .sslParameters(SpiffeTls.sslParameters())
            .build();
    String bad = "{\"vcipht\":\"{\"id\":1,\"shard\"aAAAAAAAAAAAAA\",\"ciph\"ciph\u000e}";
    for (int i = 0; i < 50; i++) {
      var r =
          client.send(
              java.net.http.HttpRequest.newBuilder(server.uri().resolve("/v1/echo"))
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bad))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(400);
      var h =
          client.send(
              java.net.http.HttpRequest.newBuilder(server.uri().resolve("/healthz")).GET().build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(h.statusCode()).isEqualTo(200);
    }
  }
}
