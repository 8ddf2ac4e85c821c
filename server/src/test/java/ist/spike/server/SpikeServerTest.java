package ist.spike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ist.spike.api.ErrorCode;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.server.internal.AuditLog;
import ist.spike.server.internal.SpikeHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SpikeServerTest {
  record EchoRequest(String text, Integer depth) {}

  record EchoResponse(String text, String peer) {}

  record GetResponse(Map<String, String> data, String err) {}

  static final class SecretMissing extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @TempDir static Path dir;
  static DevTrustDomain td;
  static FileSvidSource nexusSource;
  static FileSvidSource pilotSource;
  static FileSvidSource workloadSource;
  static SpikeServer server;
  static HttpClient pilot;
  static HttpClient workload;
  static final AtomicBoolean rootKey = new AtomicBoolean(true);
  static final ListAppender<ILoggingEvent> audit = new ListAppender<>();

  @BeforeAll
  static void start() {
    td = DevTrustDomain.create(dir);
    nexusSource = td.sourceFor(SpikeRole.NEXUS);
    pilotSource = td.sourceFor(SpikeRole.PILOT_SUPERUSER);
    workloadSource = td.sourceFor(td.id("workload/app"));
    Guard superuser = Guard.roles(td.roles(), SpikeRole.PILOT_SUPERUSER);
    RouteTable routes =
        RouteTable.builder()
            .add(
                Route.of(
                    "/v1/echo",
                    "",
                    superuser,
                    req -> {
                      EchoRequest in = req.readJson(EchoRequest.class);
                      return SpikeResponse.json(new EchoResponse(in.text(), req.peer().toString()));
                    }))
            .add(
                Route.of(
                        "/v1/store/secrets",
                        "get",
                        superuser,
                        req -> {
                          throw new SecretMissing();
                        })
                    .withErrorBody(code -> new GetResponse(null, code.code())))
            .add(
                Route.of(
                    "/v1/fail",
                    "",
                    Guard.authorizedInHandler("test: anyone"),
                    req -> {
                      throw new IllegalStateException("boom with secret-ish detail");
                    }))
            .add(
                Route.of(
                        "/v1/stream",
                        "",
                        Guard.authorizedInHandler("test: anyone"),
                        req -> {
                          InputStream in = req.bodyStream();
                          return SpikeResponse.stream(
                              200,
                              "application/octet-stream",
                              out -> {
                                byte[] buffer = new byte[4096];
                                int n;
                                while ((n = in.read(buffer)) > 0) {
                                  for (int i = 0; i < n; i++) {
                                    buffer[i] = (byte) (buffer[i] ^ 0x20);
                                  }
                                  out.write(buffer, 0, n);
                                }
                              });
                        })
                    .withMaxBodyBytes(1 << 20))
            .add(
                Route.of(
                    "/v1/deliberate",
                    "",
                    Guard.authorizedInHandler("test: anyone"),
                    req -> {
                      throw new InternalErrorException("nothing to recover yet");
                    }))
            .add(
                Route.of(
                    "/v1/operator/restore",
                    "",
                    Guard.authorizedInHandler("test: anyone"),
                    req -> SpikeResponse.json(Map.of())))
            .build();
    Logger auditLogger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    audit.start();
    auditLogger.addAppender(audit);
    server =
        SpikeServer.builder()
            .name("test")
            .config(
                ServerConfig.builder()
                    .maxRequestBodyBytes(1024)
                    .readHeaderTimeout(Duration.ofSeconds(3))
                    .healthListen(new java.net.InetSocketAddress("127.0.0.1", 0))
                    .build())
            .svidSource(nexusSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(routes)
            .readinessGate(path -> rootKey.get() || path.equals("/v1/operator/restore"))
            .readiness(rootKey::get)
            .errorTable(ErrorTable.builder().map(SecretMissing.class, ErrorCode.NOT_FOUND).build())
            .build();
    server.start();
    pilot = client(pilotSource);
    workload = client(workloadSource);
  }

  static HttpClient client(FileSvidSource source) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(SpiffeTls.sslContext(source, td.roles().verifierFor(SpikeRole.NEXUS)))
        .sslParameters(SpiffeTls.sslParameters())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @AfterAll
  static void stop() {
    server.close();
    pilot.close();
    workload.close();
    nexusSource.close();
    pilotSource.close();
    workloadSource.close();
    ((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).detachAppender(audit);
  }

  static HttpResponse<String> post(HttpClient client, String target, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.uri() + target))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String target) throws Exception {
    return pilot.send(
        HttpRequest.newBuilder(URI.create(server.uri() + target)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * This suite runs twice (the parent POM's {@code jdk-tls-provider} execution sets {@code
   * SPIKE_TLS_PROVIDER=jdk}); each run must really serve with the provider its environment selects,
   * or the second run would prove nothing about the JDK fallback.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "spike.test.tlsRun",
      matches = "jdk")
  void tlsProvider_jdkRun_servesWithTheJdkProvider() {
    String provider =
        SpiffeTls.sslContext(nexusSource, td.roles().verifierFor(SpikeRole.PILOT_SUPERUSER))
            .getProvider()
            .getName();

    assertThat(System.getenv(ist.spike.identity.TlsProvider.ENV)).isEqualTo("jdk");
    assertThat(provider).isEqualTo("SunJSSE");
  }

  @Test
  void post_knownRoute_roundTripWithPeerFromTlsAndSpikeHeaders() throws Exception {
    HttpResponse<String> r = post(pilot, "/v1/echo", "{\"TEXT\":\"hi\",\"unknown\":1}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo("{\"text\":\"hi\",\"peer\":\"spiffe://spike.ist/spike/pilot/role/superuser\"}");
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.headers().firstValue("Cache-Control"))
        .contains("no-store, no-cache, must-revalidate, private");
    assertThat(r.headers().firstValue("Pragma")).contains("no-cache");
    assertThat(r.headers().firstValue("Expires")).contains("0");
    assertThat(r.headers().firstValue("Server")).isEmpty();
  }

  @Test
  void post_spoofedPeerHeader_ignored() throws Exception {
    HttpResponse<String> r =
        workload.send(
            HttpRequest.newBuilder(URI.create(server.uri() + "/v1/echo"))
                .header("X-Spiffe-Id", "spiffe://spike.ist/spike/pilot/role/superuser")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"err\":\"access_unauthorized\"}");
  }

  @Test
  void routing_spikeFallbacks_answer400Bare() throws Exception {
    for (String target :
        new String[] {
          "/v1/nope",
          "/v1/echo?action=get",
          "/v1/store/secrets?action=GET",
          "/v1/store/secrets/?action=get",
          "/v1/store/secrets"
        }) {
      HttpResponse<String> r = post(pilot, target, "{}");
      assertThat(r.statusCode()).as(target).isEqualTo(400);
      assertThat(r.body()).as(target).isEqualTo("{\"err\":\"api_bad_request\"}");
    }
    HttpResponse<String> getMethod = get("/v1/echo");
    assertThat(getMethod.statusCode()).isEqualTo(400);
    assertThat(getMethod.body()).isEqualTo("{\"err\":\"api_bad_request\"}");
  }

  @Test
  void routing_extraQueryParameter_ignored() throws Exception {
    HttpResponse<String> r = post(pilot, "/v1/store/secrets?x=1&action=get", "{}");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("{\"data\":null,\"err\":\"api_not_found\"}");
  }

  @Test
  void guard_wrongRole_401WithRouteErrorShape() throws Exception {
    HttpResponse<String> r = post(workload, "/v1/store/secrets?action=get", "{\"path\":\"x\"}");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"data\":null,\"err\":\"access_unauthorized\"}");
  }

  @Test
  void guard_wrongRoleWithMalformedBody_401BeforeParsing() throws Exception {
    HttpResponse<String> r = post(workload, "/v1/echo", "{\"text\":");

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void readJson_malformed_400WithMessageNotQuotingBody() throws Exception {
    HttpResponse<String> r = post(pilot, "/v1/echo", "{\"text\":\"s3cr3t-value\"");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .startsWith(
            "{\"err\":\"api_bad_request\",\"message\":\"the request body is not valid JSON");
    assertThat(r.body()).doesNotContain("s3cr3t");
  }

  @Test
  void readJson_emptyBodyOrWrongType_400() throws Exception {
    assertThat(post(pilot, "/v1/echo", "").statusCode()).isEqualTo(400);
    HttpResponse<String> wrongType = post(pilot, "/v1/echo", "{\"depth\":\"deep\"}");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(wrongType.body()).contains("at 'depth'");
    assertThat(post(pilot, "/v1/echo", "{} trailing").statusCode()).isEqualTo(400);
  }

  @Test
  void readJson_jsonNull_readsAsEmptyObjectLikeGo() throws Exception {
    HttpResponse<String> r = post(pilot, "/v1/echo", "null");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("{\"text\":\"\",");
  }

  @Test
  void readJson_tooDeep_400NamingLimit() throws Exception {
    String deep = "{\"text\":\"x\",\"other\":" + "[".repeat(100) + "]".repeat(100) + "}";

    HttpResponse<String> r = post(pilot, "/v1/echo", deep);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("nesting depth 32");
  }

  @Test
  void body_overLimit_413AndServerKeepsServing() throws Exception {
    String big = "{\"text\":\"" + "a".repeat(5000) + "\"}";

    HttpResponse<String> r = post(pilot, "/v1/echo", big);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).startsWith("{\"err\":\"api_payload_too_large\"");
    assertThat(post(pilot, "/v1/echo", "{\"text\":\"after\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void body_chunkedOverLimit_413AndServerKeepsServing() throws Exception {
    byte[] big = ("{\"text\":\"" + "a".repeat(5000) + "\"}").getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> r =
        pilot.send(
            HttpRequest.newBuilder(URI.create(server.uri() + "/v1/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(post(pilot, "/v1/echo", "{\"text\":\"after\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void tls_serverSvidRotated_newConnectionsGetNewSvidWithoutRestart() throws Exception {
    HttpResponse<String> before = post(pilot, "/v1/echo", "{}");
    java.math.BigInteger first =
        ((java.security.cert.X509Certificate)
                before.sslSession().orElseThrow().getPeerCertificates()[0])
            .getSerialNumber();

    td.rotate(td.idOf(SpikeRole.NEXUS), Duration.ofHours(1));

    try (HttpClient fresh = client(pilotSource)) {
      HttpResponse<String> after = post(fresh, "/v1/echo", "{}");
      java.math.BigInteger second =
          ((java.security.cert.X509Certificate)
                  after.sslSession().orElseThrow().getPeerCertificates()[0])
              .getSerialNumber();
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(second).isNotEqualTo(first);
      assertThat(second).isEqualTo(nexusSource.svid().leaf().getSerialNumber());
    }
  }

  @Test
  void peer_svidExpiresDuringKeptAliveConnection_laterRequests401() throws Exception {
    Path shortDir = dir.resolve("short-lived");
    // X.509 times have 1 s resolution, and a first request on a loaded machine can take seconds
    java.time.Instant notAfter = java.time.Instant.now().plusSeconds(5);
    td.ca()
        .write(
            td.ca()
                .issueWithValidity(
                    td.idOf(SpikeRole.PILOT_SUPERUSER),
                    java.time.Instant.now().minusSeconds(60),
                    notAfter),
            shortDir);
    try (FileSvidSource shortLived = FileSvidSource.open(shortDir);
        HttpClient client = client(shortLived)) {
      assertThat(post(client, "/v1/echo", "{}").statusCode()).isEqualTo(200);
      Thread.sleep(
          Math.max(0, Duration.between(java.time.Instant.now(), notAfter).toMillis()) + 1100);

      HttpResponse<String> later = post(client, "/v1/echo", "{}");

      assertThat(later.statusCode()).isEqualTo(401);
    }
  }

  /**
   * A client that keeps its TLS context resumes its session on a new connection (ADR 0139); once
   * the SVID it presented at the full handshake has expired, a resumed session is refused (401)
   * although the trust manager does not run again. The client is the JDK's, as the SDK's is.
   */
  @Test
  void peer_resumedSessionAfterClientSvidExpired_401() throws Exception {
    Path shortDir = dir.resolve("short-lived-resumed");
    // long enough for two full requests on a loaded machine; X.509 times have 1 s resolution
    java.time.Instant notAfter = java.time.Instant.now().plusSeconds(6);
    td.ca()
        .write(
            td.ca()
                .issueWithValidity(
                    td.idOf(SpikeRole.PILOT_SUPERUSER),
                    java.time.Instant.now().minusSeconds(60),
                    notAfter),
            shortDir);
    try (FileSvidSource shortLived = FileSvidSource.open(shortDir)) {
      SSLContext ctx =
          SpiffeTls.sslContext(
              shortLived,
              td.roles().verifierFor(SpikeRole.NEXUS),
              ist.spike.identity.TlsProvider.JDK);
      String[] first = echoOnNewConnection(ctx);
      String[] resumedWhileValid = echoOnNewConnection(ctx);
      Thread.sleep(
          Math.max(0, Duration.between(java.time.Instant.now(), notAfter).toMillis()) + 1100);

      String[] resumedAfterExpiry = echoOnNewConnection(ctx);

      assertThat(first[0]).startsWith("HTTP/1.1 200");
      assertThat(resumedWhileValid[0]).startsWith("HTTP/1.1 200");
      // the same session (and so the same master secret) on the second connection: resumed
      assertThat(resumedWhileValid[1]).isEqualTo(first[1]);
      assertThat(resumedAfterExpiry[1]).isEqualTo(first[1]);
      assertThat(resumedAfterExpiry[0]).startsWith("HTTP/1.1 401");
    }
  }

  /** One echo request on a new connection: the status line and the session's creation time. */
  private static String[] echoOnNewConnection(SSLContext ctx) throws IOException {
    try (SSLSocket socket =
        (SSLSocket)
            ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      socket.setEnabledProtocols(SpiffeTls.PROTOCOLS.toArray(new String[0]));
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new String[] {
        answer.lines().findFirst().orElse(""), Long.toString(socket.getSession().getCreationTime())
      };
    }
  }

  /**
   * A client that uploads its whole body before reading the answer must get the 413, not a reset:
   * the server answers from the headers and then reads what is still arriving before it closes.
   */
  @Test
  void body_farOverLimit_clientStillUploading_reads413NotAReset() throws Exception {
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r = uploadTwoMiB(pilotSource, "/v1/echo", i % 2 == 1);

      assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(413);
      assertThat(r.body()).contains("larger than the limit of 1024 bytes");
    }
  }

  /**
   * Every refusal made before the body is read closes a connection whose upload is still arriving
   * (too large to drain): the client must read that refusal too, not a reset.
   */
  @Test
  void refusalBeforeBody_clientStillUploading_readsRefusalNotAReset() throws Exception {
    for (int i = 0; i < 4; i++) {
      boolean chunked = i % 2 == 1;
      HttpResponse<String> wrongRole = uploadTwoMiB(workloadSource, "/v1/echo", chunked);
      HttpResponse<String> unknownRoute = uploadTwoMiB(pilotSource, "/v1/no-such-route", chunked);

      assertThat(wrongRole.statusCode()).as("attempt %d", i).isEqualTo(401);
      assertThat(wrongRole.headers().firstValue("Connection")).contains("close");
      assertThat(unknownRoute.statusCode()).as("attempt %d", i).isEqualTo(400);
    }
  }

  /** Posts a 2 MiB JSON body on a new connection, sending all of it before reading the answer. */
  private static HttpResponse<String> uploadTwoMiB(
      FileSvidSource source, String target, boolean chunked) throws Exception {
    byte[] huge =
        ("{\"text\":\"" + "a".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.US_ASCII);
    try (HttpClient fresh = client(source)) {
      return fresh.send(
          HttpRequest.newBuilder(URI.create(server.uri() + target))
              .timeout(Duration.ofSeconds(10))
              .POST(
                  chunked
                      ? HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(huge))
                      : HttpRequest.BodyPublishers.ofByteArray(huge))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void body_overLimit_announcesConnectionClose() throws Exception {
    HttpResponse<String> r = post(pilot, "/v1/echo", "{\"text\":\"" + "a".repeat(5000) + "\"}");

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("Connection")).contains("close");
  }

  @Test
  void handler_unmappedException_500WithoutDetail() throws Exception {
    HttpResponse<String> r = post(pilot, "/v1/fail", "{}");

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"err\":\"api_internal_error\"}");
  }

  @Test
  void handler_deliberate500_loggedAsWarningWithoutStackTrace() throws Exception {
    Logger handlerLog = (Logger) LoggerFactory.getLogger(SpikeHandler.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    handlerLog.addAppender(events);
    try {
      HttpResponse<String> deliberate = post(pilot, "/v1/deliberate", "{}");
      HttpResponse<String> unmapped = post(pilot, "/v1/fail", "{}");

      assertThat(deliberate.statusCode()).isEqualTo(500);
      assertThat(unmapped.statusCode()).isEqualTo(500);
      assertThat(events.list)
          .filteredOn(e -> e.getFormattedMessage().contains("/v1/deliberate"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                assertThat(e.getThrowableProxy()).isNull();
                assertThat(e.getFormattedMessage()).contains("nothing to recover yet");
              });
      assertThat(events.list)
          .filteredOn(e -> e.getFormattedMessage().contains("/v1/fail"))
          .singleElement()
          .satisfies(e -> assertThat(e.getThrowableProxy()).isNotNull());
    } finally {
      handlerLog.detachAppender(events);
    }
  }

  @Test
  void stream_octetBody_streamedBothWays() throws Exception {
    byte[] payload = new byte[300_000];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) ('a' + i % 26);
    }
    HttpResponse<byte[]> r =
        pilot.send(
            HttpRequest.newBuilder(URI.create(server.uri() + "/v1/stream"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/octet-stream");
    byte[] expected = payload.clone();
    for (int i = 0; i < expected.length; i++) {
      expected[i] ^= 0x20;
    }
    assertThat(r.body().length).isEqualTo(payload.length);
    assertThat(java.util.Arrays.mismatch(r.body(), expected)).isEqualTo(-1);
  }

  @Test
  void health_alwaysAliveAndReadyFollowsSupplier() throws Exception {
    assertThat(get("/healthz").body()).isEqualTo("{\"status\":\"alive\"}");
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    rootKey.set(false);
    try {
      HttpResponse<String> notReady = get("/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("{\"err\":\"state_not_ready\"}");
      assertThat(get("/healthz").statusCode()).isEqualTo(200);
    } finally {
      rootKey.set(true);
    }
  }

  @Test
  void healthListener_plainHttp_servesOnlyHealth() throws Exception {
    try (HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      String base = "http://127.0.0.1:" + server.healthPort().orElseThrow();
      HttpResponse<String> health =
          plain.send(
              HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> api =
          plain.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/echo"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"alive\"}");
      assertThat(api.statusCode()).isEqualTo(400);
      assertThat(api.body()).isEqualTo("{\"err\":\"api_bad_request\"}");
    }
  }

  @Test
  void gate_notReady_503EvenForUnknownPathsButNonPostStill400() throws Exception {
    rootKey.set(false);
    try {
      HttpResponse<String> unknown = post(pilot, "/v1/does/not/exist", "{}");
      assertThat(unknown.statusCode()).isEqualTo(503);
      assertThat(unknown.body()).isEqualTo("{\"err\":\"state_not_ready\"}");
      assertThat(get("/v1/echo").statusCode()).isEqualTo(400);
      assertThat(post(pilot, "/v1/operator/restore", "{}").statusCode()).isEqualTo(200);
    } finally {
      rootKey.set(true);
    }
  }

  @Test
  void tls_clientWithoutCertificate_refused() throws Exception {
    SSLContext noCert = SSLContext.getInstance("TLS");
    noCert.init(
        null,
        new javax.net.ssl.TrustManager[] {
          new ist.spike.identity.internal.SpiffeTrustManager(
              pilotSource, SpiffeIdVerifier.insecureAcceptAnyTrusted())
        },
        null);
    try (HttpClient anonymous =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(noCert)
            .sslParameters(SpiffeTls.sslParameters())
            .build()) {
      assertThatThrownBy(() -> post(anonymous, "/v1/echo", "{}")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void tls_clientFromOtherTrustDomain_refused() throws Exception {
    DevTrustDomain other = DevTrustDomain.create(dir.resolve("other"), "other.example");
    try (FileSvidSource stranger = other.sourceFor(SpikeRole.PILOT_SUPERUSER);
        HttpClient client =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(
                    SpiffeTls.sslContext(stranger, SpiffeIdVerifier.insecureAcceptAnyTrusted()))
                .build()) {
      assertThatThrownBy(() -> post(client, "/v1/echo", "{}")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void headerTimeout_slowHeaders_connectionClosed() throws Exception {
    SSLContext ctx = SpiffeTls.sslContext(pilotSource, SpiffeIdVerifier.insecureAcceptAnyTrusted());
    try (SSLSocket socket =
        (SSLSocket)
            ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write("POST /v1/echo HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      int read;
      try {
        read = socket.getInputStream().read();
      } catch (IOException e) {
        read = -1;
      }
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(read).isEqualTo(-1);
      assertThat(waitedMs).isLessThan(8_000);
    }
  }

  @Test
  void audit_recordsPeerRouteOutcomeButNoBody() throws Exception {
    post(pilot, "/v1/echo?action=", "{\"text\":\"audit-canary-body\"}");
    post(workload, "/v1/store/secrets?action=get", "{\"path\":\"audit-canary-path\"}");

    List<ILoggingEvent> records;
    synchronized (audit) {
      records = new java.util.ArrayList<>(audit.list);
    }
    assertThat(records)
        .anySatisfy(
            e -> {
              assertThat(e.getFormattedMessage())
                  .contains("spiffe://spike.ist/spike/pilot/role/superuser")
                  .contains("POST /v1/echo -> 200");
            })
        .anySatisfy(
            e ->
                assertThat(e.getFormattedMessage())
                    .contains("spiffe://spike.ist/workload/app")
                    .contains("/v1/store/secrets?action=get -> 401 access_unauthorized"))
        .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("audit-canary"));
    assertThat(records.get(0).getKeyValuePairs())
        .extracting(kv -> kv.key)
        .contains("peer", "status", "duration_us");
  }
}
