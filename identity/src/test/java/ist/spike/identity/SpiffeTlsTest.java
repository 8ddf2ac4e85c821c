package ist.spike.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.identity.dev.DevTrustDomain;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS through {@link SpiffeTls} with the JDK's provider; a subclass runs it on Conscrypt.
 */
class SpiffeTlsTest {
  @TempDir Path dir;
  private DevTrustDomain td;
  FileSvidSource nexus;
  private TlsEchoServer server;

  @BeforeEach
  void setUp() throws IOException {
    td = DevTrustDomain.create(dir.resolve("td"));
    nexus = td.sourceFor(SpikeRole.NEXUS);
    // The server side is Nexus-like: any SVID of its trust domain may connect.
    server = new TlsEchoServer(ctx(nexus, SpiffeIdVerifier.anyIn(java.util.Set.of("spike.ist"))));
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
    nexus.close();
  }

  /** The TLS provider under test. */
  TlsProvider provider() {
    return TlsProvider.JDK;
  }

  SSLContext ctx(X509SvidSource source, SpiffeIdVerifier verifier) {
    return SpiffeTls.sslContext(source, verifier, provider());
  }

  private SSLContext clientExpectingNexus(X509SvidSource source) {
    return ctx(source, td.roles().verifierFor(SpikeRole.NEXUS));
  }

  /** A source presenting one source's SVID while trusting another's bundles. */
  private static X509SvidSource presentingTrusting(
      X509SvidSource presenting, X509SvidSource trusting) {
    return new X509SvidSource() {
      @Override
      public X509Svid svid() {
        return presenting.svid();
      }

      @Override
      public java.util.Optional<java.util.List<java.security.cert.X509Certificate>> bundleFor(
          String trustDomain) {
        return trusting.bundleFor(trustDomain);
      }

      @Override
      public void close() {}
    };
  }

  private TlsEchoServer.Outcome serverOutcome() throws InterruptedException {
    TlsEchoServer.Outcome outcome = server.outcomes.poll(5, TimeUnit.SECONDS);
    assertThat(outcome).as("server saw the connection").isNotNull();
    return outcome;
  }

  @Test
  void sslContext_devSvids_mutualTlsRoundTrip() throws Exception {
    try (FileSvidSource pilot = td.sourceFor(SpikeRole.PILOT_SUPERUSER)) {
      String[] answer = TlsEchoServer.call(clientExpectingNexus(pilot), server.port());

      assertThat(answer[0]).isEqualTo("hello spiffe://spike.ist/spike/pilot/role/superuser ping");
      assertThat(answer[1]).isEqualTo("spiffe://spike.ist/spike/nexus");
      assertThat(answer[2]).isEqualTo("TLSv1.3");
      assertThat(serverOutcome().peer()).isEqualTo("spiffe://spike.ist/spike/pilot/role/superuser");
    }
  }

  @Test
  void sslContext_clientWithoutCertificate_refused() throws Exception {
    SSLContext noCert =
        SSLContext.getInstance(
            "TLS", ctx(nexus, SpiffeIdVerifier.insecureAcceptAnyTrusted()).getProvider());
    noCert.init(
        new KeyManager[0],
        new TrustManager[] {
          new ist.spike.identity.internal.SpiffeTrustManager(
              nexus, td.roles().verifierFor(SpikeRole.NEXUS))
        },
        null);

    assertThatThrownBy(() -> TlsEchoServer.call(noCert, server.port()))
        .isInstanceOf(IOException.class);
    assertThat(serverOutcome().failure()).isNotNull();
  }

  @Test
  void sslContext_clientFromOtherTrustDomain_refused() throws Exception {
    DevTrustDomain other = DevTrustDomain.create(dir.resolve("other"), "other.example");
    try (FileSvidSource stranger = other.sourceFor(SpikeRole.PILOT_SUPERUSER)) {
      // Even a client that would trust our server cannot get in with a foreign SVID.
      assertThatThrownBy(
              () ->
                  TlsEchoServer.call(
                      ctx(
                          presentingTrusting(stranger, nexus),
                          SpiffeIdVerifier.insecureAcceptAnyTrusted()),
                      server.port()))
          .isInstanceOf(IOException.class);
      assertThat(serverOutcome().failure())
          .hasStackTraceContaining("no trust bundle for trust domain other.example");
    }
  }

  @Test
  void sslContext_sameTrustDomainNameDifferentCa_refused() throws Exception {
    DevTrustDomain impostor = DevTrustDomain.create(dir.resolve("impostor"));
    try (FileSvidSource fake = impostor.sourceFor(SpikeRole.PILOT_SUPERUSER)) {
      assertThatThrownBy(
              () ->
                  TlsEchoServer.call(
                      ctx(
                          presentingTrusting(fake, nexus),
                          SpiffeIdVerifier.insecureAcceptAnyTrusted()),
                      server.port()))
          .isInstanceOf(IOException.class);
      assertThat(serverOutcome().failure())
          .hasStackTraceContaining("does not validate against the trust bundle");
    }
  }

  @Test
  void sslContext_expiredClientSvid_refused() throws Exception {
    SpiffeId pilotId = td.idOf(SpikeRole.PILOT_SUPERUSER);
    Path expiredDir = dir.resolve("expired");
    X509Svid expired =
        td.ca()
            .issueWithValidity(
                pilotId,
                Instant.now().minus(Duration.ofHours(2)),
                Instant.now().minus(Duration.ofHours(1)));
    td.ca().write(expired, expiredDir);
    try (FileSvidSource pilot = FileSvidSource.open(expiredDir)) {
      assertThatThrownBy(() -> TlsEchoServer.call(clientExpectingNexus(pilot), server.port()))
          .isInstanceOf(IOException.class);
      assertThat(serverOutcome().failure()).hasStackTraceContaining("a certificate has expired");
    }
  }

  @Test
  void sslContext_serverNotNexusWhenNexusExpected_clientRefuses() throws Exception {
    try (FileSvidSource keeper = td.sourceFor(SpikeRole.KEEPER);
        TlsEchoServer keeperServer =
            new TlsEchoServer(ctx(keeper, SpiffeIdVerifier.insecureAcceptAnyTrusted()));
        FileSvidSource pilot = td.sourceFor(SpikeRole.PILOT_SUPERUSER)) {
      assertThatThrownBy(() -> TlsEchoServer.call(clientExpectingNexus(pilot), keeperServer.port()))
          .isInstanceOf(IOException.class)
          .hasStackTraceContaining(
              "peer SPIFFE ID spiffe://spike.ist/spike/keeper is not accepted");
    }
  }

  @Test
  void sslContext_keeperAcceptsOnlyNexusOrBootstrap() throws Exception {
    try (FileSvidSource keeper = td.sourceFor(SpikeRole.KEEPER);
        TlsEchoServer keeperServer =
            new TlsEchoServer(
                ctx(keeper, td.roles().verifierFor(SpikeRole.NEXUS, SpikeRole.BOOTSTRAP)));
        FileSvidSource pilot = td.sourceFor(SpikeRole.PILOT_SUPERUSER);
        FileSvidSource bootstrap = td.sourceFor(SpikeRole.BOOTSTRAP)) {
      SSLContext pilotClient = ctx(pilot, td.roles().verifierFor(SpikeRole.KEEPER));
      SSLContext bootstrapClient = ctx(bootstrap, td.roles().verifierFor(SpikeRole.KEEPER));

      assertThatThrownBy(() -> TlsEchoServer.call(pilotClient, keeperServer.port()))
          .isInstanceOf(IOException.class);
      assertThat(TlsEchoServer.call(bootstrapClient, keeperServer.port())[0])
          .startsWith("hello spiffe://spike.ist/spike/bootstrap");
    }
  }

  @Test
  void sslContext_serverSvidRotated_newConnectionsUseNewSvidWithoutRestart() throws Exception {
    try (FileSvidSource pilot = td.sourceFor(SpikeRole.PILOT_SUPERUSER)) {
      SSLContext client = clientExpectingNexus(pilot);
      String before = TlsEchoServer.call(client, server.port())[3];

      td.rotate(td.idOf(SpikeRole.NEXUS), Duration.ofHours(1));
      String after = TlsEchoServer.call(client, server.port())[3];

      assertThat(after).isNotEqualTo(before);
      assertThat(after).isEqualTo(nexus.svid().leaf().getSerialNumber().toString(16));
    }
  }

  /**
   * A JDK client (as the SDK is, ADR 0141) that keeps its context resumes its TLS session on a new
   * connection to a server on the provider under test: the server's peer validation (trust manager
   * and verifier) runs at the first handshake only; the resumed session still carries the SVID
   * presented at the full handshake.
   */
  @Test
  void newConnection_sameClientContext_resumesWithoutRevalidatingPeer() throws Exception {
    java.util.concurrent.atomic.AtomicInteger checks =
        new java.util.concurrent.atomic.AtomicInteger();
    SpiffeIdVerifier counting =
        new SpiffeIdVerifier() {
          @Override
          public boolean accepts(SpiffeId peer) {
            checks.incrementAndGet();
            return true;
          }

          @Override
          public String description() {
            return "any (counted)";
          }
        };
    try (FileSvidSource pilot = td.sourceFor(SpikeRole.PILOT_SUPERUSER);
        TlsEchoServer counted = new TlsEchoServer(ctx(nexus, counting))) {
      SSLContext client =
          SpiffeTls.sslContext(pilot, td.roles().verifierFor(SpikeRole.NEXUS), TlsProvider.JDK);
      for (int i = 0; i < 3; i++) {
        assertThat(TlsEchoServer.call(client, counted.port())[0])
            .isEqualTo("hello " + td.idOf(SpikeRole.PILOT_SUPERUSER) + " ping");
      }
      assertThat(checks.get()).isEqualTo(1);
    }
  }
}
