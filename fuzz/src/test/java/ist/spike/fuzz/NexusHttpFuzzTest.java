package ist.spike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.json.SpikeJson;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.MtlsTestClients;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.DataPlaneRoutes;
import ist.spike.nexus.DataPlaneSettings;
import ist.spike.nexus.operator.OperatorRoutes;
import ist.spike.nexus.operator.RekeyRoutes;
import ist.spike.nexus.operator.RotationRoutes;
import ist.spike.nexus.rootkey.AttemptLimiter;
import ist.spike.nexus.rootkey.KeeperGateway;
import ist.spike.nexus.rootkey.KeeperShard;
import ist.spike.nexus.rootkey.KeeperUnavailableException;
import ist.spike.nexus.rootkey.RestoreRefusedException;
import ist.spike.nexus.rootkey.RestoreSession;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.rotation.RekeyDriver;
import ist.spike.nexus.rotation.RotationDriver;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies sent to a real Nexus over mTLS on 127.0.0.1: a development trust domain, the
 * SQLite backend with a root key installed, the data-plane routes and the operator routes, as
 * {@code NexusMain} wires them, and the root-key rotation routes. Every input goes to one route as
 * the superuser (the restore and recover roles for restore and recover); the answer must carry a
 * documented status with a well-formed body, and the server must still answer {@code /healthz}
 * afterwards.
 *
 * <p>Two 500s are documented, both SPIKE's answers reproduced by the wire vectors: a JSON-mode
 * decryption that fails authentication (ADR-0045), and recover while this Nexus (whose custody
 * waits for restore shards) holds no root key (vector {@code pre_init/recover_no_root_key}); any
 * other 500 means a handler threw something the error table does not map.
 */
class NexusHttpFuzzTest {
  /** The statuses Nexus documents (docs/differences-from-spike.md, ErrorTable). */
  private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 401, 404, 409, 413, 429, 503);

  private static final String JSON_TYPE = "application/json";
  private static final String OCTET_STREAM = "application/octet-stream";

  /** A request shape: a route target, the client role, and how the body is sent. */
  private enum Target {
    SECRET_PUT("/v1/store/secrets", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    SECRET_GET("/v1/store/secrets?action=get", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    SECRET_DELETE("/v1/store/secrets?action=delete", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    SECRET_UNDELETE("/v1/store/secrets?action=undelete", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    SECRET_LIST("/v1/store/secrets?action=list", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    SECRET_METADATA("/v1/store/secrets/metadata?action=get", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    POLICY_PUT("/v1/acl/policy", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    POLICY_GET("/v1/acl/policy?action=get", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    POLICY_DELETE("/v1/acl/policy?action=delete", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    POLICY_LIST("/v1/acl/policy?action=list", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    CIPHER_ENCRYPT_JSON("/v1/cipher/encrypt", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    CIPHER_DECRYPT_JSON("/v1/cipher/decrypt", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    CIPHER_ENCRYPT_STREAM("/v1/cipher/encrypt", SpikeRole.PILOT_SUPERUSER, OCTET_STREAM),
    CIPHER_DECRYPT_STREAM("/v1/cipher/decrypt", SpikeRole.PILOT_SUPERUSER, OCTET_STREAM),
    OPERATOR_RESTORE("/v1/operator/restore", SpikeRole.PILOT_RESTORE, JSON_TYPE),
    OPERATOR_RECOVER("/v1/operator/recover", SpikeRole.PILOT_RECOVER, JSON_TYPE),
    // appended, so that the seeds above keep their targets (the target is the last byte mod count)
    TRANSIT_KEY_CREATE("/v1/transit/keys", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    TRANSIT_KEY_GET("/v1/transit/keys?action=get", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    TRANSIT_KEY_LIST("/v1/transit/keys?action=list", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    TRANSIT_KEY_ROTATE("/v1/transit/keys?action=rotate", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    TRANSIT_KEY_CONFIG("/v1/transit/keys?action=config", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    TRANSIT_KEY_DELETE("/v1/transit/keys?action=delete", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    TRANSIT_ENCRYPT("/v1/transit/encrypt", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    TRANSIT_DECRYPT("/v1/transit/decrypt", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    TRANSIT_REWRAP("/v1/transit/rewrap", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    // appended likewise (every seed's last byte is its target's index, below 25)
    OPERATOR_ROTATE("/v1/operator/rotate", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    OPERATOR_ROTATE_STATUS(
        "/v1/operator/rotate?action=status", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    // appended likewise (seeds operator-rekey and operator-rekey-status end in 27 and 28)
    OPERATOR_REKEY("/v1/operator/rekey", SpikeRole.PILOT_SUPERUSER, JSON_TYPE),
    OPERATOR_REKEY_STATUS("/v1/operator/rekey?action=status", SpikeRole.PILOT_SUPERUSER, JSON_TYPE);

    final String target;
    final SpikeRole role;
    final String contentType;

    Target(String target, SpikeRole role, String contentType) {
      this.target = target;
      this.role = role;
      this.contentType = contentType;
    }

    boolean stream() {
      return contentType.equals(OCTET_STREAM);
    }
  }

  private static final Target[] TARGETS = Target.values();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir static Path dir;

  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static SpikeServer server;
  private static URI base;
  private static HttpClient[] clients;

  /**
   * Started on the first input rather than in {@code @BeforeAll}: Jazzer's agent (its bug detectors
   * and its coverage instrumentation of the server classes) is only in place once fuzzing begins.
   */
  private static void startNexus() throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("td"));
    FileSvidSource nexus = td.sourceFor(SpikeRole.NEXUS);
    OPEN.add(nexus);
    DataPlaneRoutes data =
        new DataPlaneRoutes(
            BackendKind.SQLITE, td.roles(), DataPlaneSettings.DEFAULTS, Clock.systemUTC());
    OPEN.add(data);
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      data.activate(
          BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("data")), key));
    }
    // Restore is fuzzed against a custody that is still waiting for shards, as after a crash.
    RootKeyCustody custody = new RootKeyCustody(ShamirParameters.of(2, 3), key -> {});
    OPEN.add(custody);
    RestoreSession<Shard> session =
        new RestoreSession<>(
            2,
            Duration.ofMinutes(15),
            Clock.systemUTC(),
            Shard::index,
            Shard::close,
            custody::isReady,
            shards -> {
              try {
                custody.install(Shamir.recover(shards, 2), "operator restore");
              } catch (GeneralSecurityException e) {
                throw new RestoreRefusedException(e.getMessage());
              }
            });
    OperatorRoutes operator =
        new OperatorRoutes(
            td.roles(),
            Optional.of(custody),
            session,
            // high enough that fuzzed bodies reach shard validation, not only the 429
            new AttemptLimiter(1_000_000, Duration.ofMinutes(1), Clock.systemUTC()),
            1000,
            () -> true);
    // Rotation too, wired as NexusMain does, against the same waiting custody: a well-formed body
    // reaches the service and is refused (503, no root key yet); the driver never runs.
    RotationService rotation =
        new RotationService(
            new RotationDriver(
                new UnreachableKeepers(),
                ShamirParameters.of(2, 3),
                (current, older) -> {
                  throw new IllegalStateException("the fuzzed Nexus never rotates");
                },
                new SecureRandom(),
                256),
            Optional.of(
                new RekeyDriver(
                    new UnreachableKeepers(), new SplitInForce(ShamirParameters.of(2, 3)))),
            custody,
            Optional::empty,
            Runnable::run);
    RouteTable.Builder routes = operator.addTo(data.addTo(RouteTable.builder()));
    new RotationRoutes(td.roles(), Optional.of(rotation)).addTo(routes);
    new RekeyRoutes(td.roles(), Optional.of(rotation)).addTo(routes);
    server =
        SpikeServer.builder()
            .name("nexus")
            .config(ServerConfig.builder().build())
            .svidSource(nexus)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(routes.build())
            .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
            .build();
    server.start();
    OPEN.add(server);
    // "localhost", not the server's 127.0.0.1: Jazzer's SSRF detector calls getHostName() on the
    // address each HttpClient connection connects to, and that reverse lookup turns the
    // connection's host string into "localhost". The client's pool matches TLS connections by host
    // string, so with 127.0.0.1 no connection was ever reused: each exchange opened a new one and
    // left the old one idle in the pool for the keep-alive timeout, until the server's per-peer
    // connection limit closed new ones. With a name the lookup has nothing to change.
    base = URI.create("https://localhost:" + server.uri().getPort());
    clients = new HttpClient[TARGETS.length];
    for (Target t : TARGETS) {
      FileSvidSource source = td.sourceFor(t.role);
      OPEN.add(source);
      HttpClient client = MtlsTestClients.http(source, td.roles().verifierFor(SpikeRole.NEXUS));
      OPEN.add(client);
      clients[t.ordinal()] = client;
    }
  }

  /** Three Keepers that never answer: the fuzzed rotation never reaches them. */
  private static final class UnreachableKeepers implements KeeperGateway {
    @Override
    public int size() {
      return 3;
    }

    @Override
    public String describe(int position) {
      return "keeper-" + position;
    }

    @Override
    public Optional<KeeperShard> fetch(int position) throws KeeperUnavailableException {
      throw new KeeperUnavailableException("keeper " + position + " is not reachable");
    }

    @Override
    public void contribute(int position, Shard shard) throws KeeperUnavailableException {
      throw new KeeperUnavailableException("keeper " + position + " is not reachable");
    }
  }

  @AfterAll
  static void stopNexus() {
    for (AutoCloseable c : OPEN.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort: the fork ends next
      }
    }
    OPEN.clear();
    server = null;
  }

  @FuzzTest(maxDuration = "20s")
  void post_anyBody_documentedStatusAndServerAlive(FuzzedDataProvider data) throws Exception {
    // Jazzer's SSRF detector refuses every connection unless allowed (and resets between the seed
    // replay and the fuzzing run): allow our own server only.
    try (SilentCloseable network =
        BugDetectors.allowNetworkConnections(
            (host, port) ->
                (host.equals("localhost") || host.equals("127.0.0.1"))
                    && (server == null || port == server.uri().getPort()))) {
      if (server == null) {
        startNexus();
      }
      exchange(data);
    }
  }

  private static void exchange(FuzzedDataProvider data) throws Exception {
    Target t = TARGETS[data.consumeInt(0, TARGETS.length - 1)];
    byte[] body = data.consumeRemainingAsBytes();
    HttpResponse<byte[]> r =
        clients[t.ordinal()].send(
            HttpRequest.newBuilder(base.resolve(t.target))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", t.contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    int status = r.statusCode();
    String contentType = r.headers().firstValue("Content-Type").orElse("");
    boolean documented500 =
        (t == Target.CIPHER_DECRYPT_JSON || t == Target.OPERATOR_RECOVER) && status == 500;
    assertThat(DOCUMENTED.contains(status) || documented500)
        .as("%s answered undocumented status %d to %d body bytes", t, status, body.length)
        .isTrue();
    if (t.stream() && status == 200) {
      assertThat(contentType).as(t + " success").startsWith(OCTET_STREAM);
    } else if (t.stream() && status == 400 && contentType.startsWith("text/plain")) {
      // SPIKE's stream-mode refusals are one plain-text line
      assertThat(r.body()).as(t + " refusal").isNotEmpty();
    } else {
      assertThat(contentType).as(t + " status " + status).startsWith(JSON_TYPE);
      try {
        assertThat(MAPPER.readTree(r.body()).isObject()).as(t + " body is an object").isTrue();
      } catch (JsonProcessingException e) {
        throw new AssertionError(t + " answered " + status + " with a body that is not JSON", e);
      }
    }
    HttpResponse<String> health =
        clients[t.ordinal()].send(
            HttpRequest.newBuilder(base.resolve("/healthz"))
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).as("/healthz after " + t).isEqualTo(200);
    // Kept-alive clients reuse their connection: one per client, plus any the server is closing
    // after announcing Connection: close.
    assertThat(server.openConnections())
        .as("connections open after %s (%d clients)", t, clients.length)
        .isLessThanOrEqualTo(2 * clients.length);
  }
}
