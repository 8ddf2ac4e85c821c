package ist.spike.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.api.ErrorCode;
import ist.spike.client.error.SpikeBadRequestException;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikeNotFoundException;
import ist.spike.client.error.SpikeNotReadyException;
import ist.spike.client.error.SpikePayloadTooLargeException;
import ist.spike.client.error.SpikeProtocolException;
import ist.spike.client.error.SpikeServerErrorException;
import ist.spike.client.error.SpikeUnauthorizedException;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509Svid;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.NotFoundException;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeResponse;
import ist.spike.server.SpikeServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpikeTransportTest {
  record Echo(String text) {}

  record EchoAnswer(String text, String peer) {}

  @TempDir static Path dir;
  static DevTrustDomain td;
  static CountingSource nexusSource;
  static FileSvidSource keeperSource;
  static FileSvidSource pilotSource;
  static SpikeServer nexus;
  static SpikeServer keeper;
  static SpikeTransport client;
  static SpikeTransport blocking;
  static final AtomicBoolean ready = new AtomicBoolean(true);

  /** Counts the SVID reads of the server's key manager: one per TLS handshake. */
  static final class CountingSource implements X509SvidSource {
    final X509SvidSource delegate;
    final AtomicInteger svidCalls = new AtomicInteger();

    CountingSource(X509SvidSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public X509Svid svid() {
      svidCalls.incrementAndGet();
      return delegate.svid();
    }

    @Override
    public Optional<List<X509Certificate>> bundleFor(String trustDomain) {
      return delegate.bundleFor(trustDomain);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  static RouteTable routes() {
    Guard anyone = Guard.authorizedInHandler("test");
    return RouteTable.builder()
        .add(
            Route.of(
                "/v1/echo",
                "",
                anyone,
                req ->
                    SpikeResponse.json(
                        new EchoAnswer(req.readJson(Echo.class).text(), req.peer().toString()))))
        .add(
            Route.of(
                "/v1/missing",
                "",
                anyone,
                req -> {
                  throw new NotFoundException();
                }))
        .add(
            Route.of(
                "/v1/invalid",
                "",
                anyone,
                req -> {
                  throw new BadRequestException("path must be 1..500 characters");
                }))
        .add(
            Route.of(
                "/v1/superuser-only",
                "",
                Guard.roles(td.roles(), SpikeRole.PILOT_SUPERUSER),
                req -> SpikeResponse.json(Map.of())))
        .add(
            Route.of(
                "/v1/boom",
                "",
                anyone,
                req -> {
                  throw new IllegalStateException("x");
                }))
        .add(
            Route.of(
                "/v1/err-in-200",
                "",
                anyone,
                req -> SpikeResponse.json(Map.of("err", "api_not_found"))))
        .add(
            Route.of(
                "/v1/slow",
                "",
                anyone,
                req -> {
                  Thread.sleep(1500);
                  return SpikeResponse.json(Map.of());
                }))
        .add(
            Route.of(
                    "/v1/stream",
                    "",
                    anyone,
                    req -> {
                      InputStream in = req.bodyStream();
                      return SpikeResponse.stream(200, "application/octet-stream", in::transferTo);
                    })
                .withMaxBodyBytes(1 << 20))
        .add(
            Route.of(
                "/v1/stream-small",
                "",
                anyone,
                req -> {
                  byte[] all = req.bodyStream().readAllBytes();
                  return SpikeResponse.bytes(200, "application/octet-stream", all);
                }))
        .build();
  }

  @BeforeAll
  static void start() {
    td = DevTrustDomain.create(dir);
    nexusSource = new CountingSource(td.sourceFor(SpikeRole.NEXUS));
    keeperSource = td.sourceFor(SpikeRole.KEEPER);
    pilotSource = td.sourceFor(td.id("workload/app"));
    nexus =
        SpikeServer.builder()
            .name("nexus")
            .config(ServerConfig.builder().maxRequestBodyBytes(1000).build())
            .svidSource(nexusSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of("spike.ist")))
            .routes(routes())
            .readinessGate(path -> ready.get())
            .build();
    nexus.start();
    keeper =
        SpikeServer.builder()
            .name("keeper")
            .svidSource(keeperSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of("spike.ist")))
            .routes(routes())
            .build();
    keeper.start();
    client =
        SpikeTransport.builder()
            .svidSource(pilotSource)
            .serverVerifier(td.roles().verifierFor(SpikeRole.NEXUS))
            .requestTimeout(Duration.ofSeconds(1))
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    blocking = client.toBuilder().blocking().build();
  }

  /** Both exchanges: the JDK HttpClient's and the blocking one (ADR 0264). */
  static List<SpikeTransport> clients() {
    return List.of(client, blocking);
  }

  @AfterAll
  static void stop() {
    client.close();
    blocking.close();
    nexus.close();
    keeper.close();
    nexusSource.close();
    keeperSource.close();
    pilotSource.close();
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postJson_nexus_roundTrip(SpikeTransport client) throws Exception {
    EchoAnswer answer = client.postJson(nexus.uri(), "/v1/echo", new Echo("hi"), EchoAnswer.class);

    assertThat(answer).isEqualTo(new EchoAnswer("hi", "spiffe://spike.ist/workload/app"));
  }

  @Test
  void postJson_sequentialCalls_reuseOneConnection() throws Exception {
    client.postJson(nexus.uri(), "/v1/echo", new Echo("1"), EchoAnswer.class);
    int handshakes = nexusSource.svidCalls.get();
    for (int i = 0; i < 5; i++) {
      client.postJson(nexus.uri(), "/v1/echo", new Echo("again"), EchoAnswer.class);
    }
    assertThat(nexusSource.svidCalls.get()).isEqualTo(handshakes);
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postJson_serverIsKeeperWhenNexusExpected_refused(SpikeTransport client) {
    assertThatThrownBy(
            () -> client.postJson(keeper.uri(), "/v1/echo", new Echo("hi"), EchoAnswer.class))
        .isInstanceOf(SpikeConnectionException.class)
        .hasMessageContaining("peer SPIFFE ID spiffe://spike.ist/spike/keeper is not accepted");
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postJson_errorStatuses_mappedToTypedExceptions(SpikeTransport client) {
    assertFails(client, "/v1/missing", SpikeNotFoundException.class, ErrorCode.NOT_FOUND, 404);
    SpikeException bad =
        assertFails(
            client, "/v1/invalid", SpikeBadRequestException.class, ErrorCode.BAD_REQUEST, 400);
    assertThat(bad).hasMessageContaining("path must be 1..500 characters");
    assertFails(
        client,
        "/v1/superuser-only",
        SpikeUnauthorizedException.class,
        ErrorCode.UNAUTHORIZED,
        401);
    assertFails(client, "/v1/boom", SpikeServerErrorException.class, ErrorCode.INTERNAL, 500);
    assertFails(client, "/v1/unknown", SpikeBadRequestException.class, ErrorCode.BAD_REQUEST, 400);
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postJson_errInSuccessBody_mappedByCode(SpikeTransport client) {
    assertFails(client, "/v1/err-in-200", SpikeNotFoundException.class, ErrorCode.NOT_FOUND, 404);
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postJson_notReady_mentionsRootKey(SpikeTransport client) {
    ready.set(false);
    try {
      SpikeException e =
          assertFails(client, "/v1/echo", SpikeNotReadyException.class, ErrorCode.NOT_READY, 503);
      assertThat(e).hasMessageContaining("root key");
    } finally {
      ready.set(true);
    }
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postJson_bodyOverLimit_payloadTooLarge(SpikeTransport client) {
    assertThatThrownBy(
            () ->
                client.postJson(
                    nexus.uri(), "/v1/echo", new Echo("x".repeat(5000)), EchoAnswer.class))
        .isInstanceOf(SpikePayloadTooLargeException.class);
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postJson_slowServer_timesOutWithVariableName(SpikeTransport client) {
    assertThatThrownBy(() -> client.postJson(nexus.uri(), "/v1/slow", Map.of(), Map.class))
        .isInstanceOf(SpikeConnectionException.class)
        .hasMessageContaining("SPIKE_HTTP_CLIENT_TIMEOUT");
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postJson_nothingListening_connectionException(SpikeTransport client) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                client.postJson(
                    URI.create("https://127.0.0.1:" + port),
                    "/v1/echo",
                    new Echo("x"),
                    EchoAnswer.class))
        .isInstanceOf(SpikeConnectionException.class)
        .hasMessageContaining("cannot connect");
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postStream_octetStream_roundTrip(SpikeTransport client) throws Exception {
    byte[] payload = new byte[200_000];
    new java.util.Random(1).nextBytes(payload);
    try (SpikeTransport streaming =
            client.toBuilder().requestTimeout(Duration.ofSeconds(10)).build();
        StreamResponse r =
            streaming.postStream(
                nexus.uri(),
                "/v1/stream",
                "application/octet-stream",
                () -> new ByteArrayInputStream(payload),
                -1)) {
      assertThat(r.contentType()).contains("application/octet-stream");
      byte[] echoed = r.body().readAllBytes();
      assertThat(echoed.length).isEqualTo(payload.length);
      assertThat(java.util.Arrays.mismatch(echoed, payload))
          .as("first differing index")
          .isEqualTo(-1);
    }
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postStream_overRouteLimit_payloadTooLarge(SpikeTransport client) {
    byte[] payload = new byte[5000];
    assertThatThrownBy(
            () ->
                client.postStream(
                    nexus.uri(),
                    "/v1/stream-small",
                    "application/octet-stream",
                    () -> new ByteArrayInputStream(payload),
                    -1))
        .isInstanceOf(SpikePayloadTooLargeException.class)
        .hasMessageContaining("1000 bytes");
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postJson_answerOverMaxResponseBytes_protocolException(SpikeTransport client) {
    try (SpikeTransport small = client.toBuilder().maxResponseBytes(20).build()) {
      assertThatThrownBy(
              () -> small.postJson(nexus.uri(), "/v1/echo", new Echo("hi"), EchoAnswer.class))
          .isInstanceOf(SpikeProtocolException.class)
          .hasMessageEndingWith("answered more than 20 bytes");
    }
  }

  @ParameterizedTest(autoCloseArguments = false) // the shared clients stay open
  @MethodSource("clients")
  void postRaw_errorStatus_returnedUnmapped(SpikeTransport client) throws Exception {
    SpikeTransport.RawResponse r =
        client.postRaw(nexus.uri(), "/v1/missing", new byte[] {'{', '}'});

    assertThat(r.status()).isEqualTo(404);
    assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("not_found");
  }

  @Test
  void blocking_keptByToBuilder_shownByToString() {
    assertThat(blocking.toString()).startsWith("SpikeTransport[blocking, ");
    assertThat(client.toString()).doesNotContain("blocking");
    try (SpikeTransport copy = blocking.toBuilder().build()) {
      assertThat(copy.toString()).contains("blocking");
    }
  }

  @Test
  void builder_missingVerifier_failsAtBuild() {
    assertThatThrownBy(() -> SpikeTransport.builder().svidSource(pilotSource).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("serverVerifier");
  }

  @Test
  void builder_fromEnv_readsSpikeTimeouts() {
    SpikeTransport t =
        SpikeTransport.builder()
            .fromEnv(Map.of("SPIKE_HTTP_CLIENT_TIMEOUT", "5s"))
            .svidSource(pilotSource)
            .serverVerifier(td.roles().verifierFor(SpikeRole.NEXUS))
            .build();
    try (t) {
      assertThat(t.toString()).contains("PT5S");
    }
  }

  private static SpikeException assertFails(
      SpikeTransport client,
      String target,
      Class<? extends SpikeException> type,
      ErrorCode code,
      int status) {
    try {
      client.postJson(nexus.uri(), target, Map.of(), Map.class);
    } catch (SpikeException e) {
      assertThat(e).as(target).isInstanceOf(type);
      assertThat(e.errorCode()).as(target).contains(code);
      assertThat(e.httpStatus()).as(target).hasValue(status);
      return e;
    }
    throw new AssertionError(target + " did not fail");
  }
}
