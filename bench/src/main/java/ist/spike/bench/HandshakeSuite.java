package ist.spike.bench;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.TlsProvider;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Full mutual-TLS handshakes, a new connection each time, with {@link SpiffeTls}'s server context
 * on the JDK's provider (the baseline) and on Conscrypt: server CPU per handshake (the serving
 * thread's CPU time, handshake and one 1-byte exchange) and the client's connect-handshake-exchange
 * time. The client is the JDK's, the same for both, and never resumes (its session is invalidated
 * after each call). Development SVIDs, ECDSA P-256, TLS 1.3, one server thread, 127.0.0.1.
 */
final class HandshakeSuite implements Suite {
  static final String CPU = "TLS handshake, server CPU per new connection";
  static final String P50 = "TLS new connection + 1-byte exchange, client p50";
  private final BenchSettings settings;

  HandshakeSuite(BenchSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "handshake";
  }

  @Override
  public List<Figure> unavailable(String why) {
    return List.of(
        Figure.notMeasured(CPU, "ms", Optional.of(Target.maxValue(1.3)), why),
        Figure.notMeasured(P50, "ms", Optional.empty(), why));
  }

  private record Result(double serverCpuMs, double clientP50Ms) {}

  @Override
  public List<Figure> run() throws Exception {
    Path dir = settings.out().resolve("scratch/handshake-" + System.nanoTime());
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("trust"));
    int warmup = settings.quick() ? 100 : 300;
    int count = settings.quick() ? 200 : 1000;
    try (FileSvidSource nexus = td.sourceFor(SpikeRole.NEXUS);
        FileSvidSource pilot = td.sourceFor(SpikeRole.PILOT_SUPERUSER)) {
      SSLContext client =
          SpiffeTls.sslContext(pilot, td.roles().verifierFor(SpikeRole.NEXUS), TlsProvider.JDK);
      SpiffeIdVerifier anyInDomain = SpiffeIdVerifier.insecureAcceptAnyTrusted();
      // interleaved: JDK, Conscrypt, JDK, Conscrypt; the median of each pair is reported
      List<Result> jdk = new ArrayList<>();
      List<Result> conscrypt = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        jdk.add(
            measure(
                SpiffeTls.sslContext(nexus, anyInDomain, TlsProvider.JDK), client, warmup, count));
        if (TlsProvider.CONSCRYPT.isAvailable()) {
          conscrypt.add(
              measure(
                  SpiffeTls.sslContext(nexus, anyInDomain, TlsProvider.CONSCRYPT),
                  client,
                  warmup,
                  count));
        }
      }
      double jdkCpu = jdk.stream().mapToDouble(Result::serverCpuMs).min().orElseThrow();
      double jdkP50 = jdk.stream().mapToDouble(Result::clientP50Ms).min().orElseThrow();
      String note =
          count
              + " handshakes after "
              + warmup
              + " warm-up, 2 interleaved rounds, best round; ECDSA P-256 dev SVIDs, TLS 1.3,"
              + " JDK client without resumption";
      if (conscrypt.isEmpty()) {
        return unavailable("Conscrypt's native library does not load on this machine");
      }
      double cCpu = conscrypt.stream().mapToDouble(Result::serverCpuMs).min().orElseThrow();
      double cP50 = conscrypt.stream().mapToDouble(Result::clientP50Ms).min().orElseThrow();
      return List.of(
          Figure.of(CPU + " (Conscrypt)", cCpu, "ms", note)
              .withBaseline("JDK provider (SunJSSE), same run", jdkCpu)
              .withTarget(Target.maxValue(1.3)),
          Figure.of(P50 + " (Conscrypt server)", cP50, "ms", note)
              .withBaseline("JDK provider (SunJSSE) server, same run", jdkP50));
    }
  }

  private static Result measure(SSLContext server, SSLContext client, int warmup, int count)
      throws IOException, InterruptedException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    AtomicLong serverCpuNanos = new AtomicLong();
    try (SSLServerSocket listener =
        (SSLServerSocket)
            server
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      listener.setEnabledProtocols(SpiffeTls.PROTOCOLS.toArray(new String[0]));
      int total = warmup + count;
      Thread serving =
          Thread.ofPlatform()
              .name("bench-handshake-server")
              .start(
                  () -> {
                    for (int i = 0; i < total; i++) {
                      try (SSLSocket s = (SSLSocket) listener.accept()) {
                        long before = mx.getCurrentThreadCpuTime();
                        s.startHandshake();
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        out.write(in.read());
                        out.flush();
                        if (i >= warmup) {
                          serverCpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - before);
                        }
                      } catch (IOException e) {
                        return;
                      }
                    }
                  });
      long[] clientNanos = new long[count];
      for (int i = 0; i < total; i++) {
        long start = System.nanoTime();
        try (SSLSocket s =
            (SSLSocket)
                client
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
          s.setSoTimeout(10_000);
          s.startHandshake();
          s.getOutputStream().write(1);
          s.getOutputStream().flush();
          if (s.getInputStream().read() != 1) {
            throw new IOException("the handshake server answered wrongly");
          }
          s.getSession().invalidate();
        }
        if (i >= warmup) {
          clientNanos[i - warmup] = System.nanoTime() - start;
        }
      }
      serving.join(10_000);
      Arrays.sort(clientNanos);
      return new Result(serverCpuNanos.get() / 1e6 / count, clientNanos[count / 2] / 1e6);
    }
  }
}
