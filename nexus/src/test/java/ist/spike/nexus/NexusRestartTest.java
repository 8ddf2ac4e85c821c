package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.KeeperClient;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.MtlsTestClients;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.keeper.TestKeeper;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.StoreException;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.audit.AuditChainVerifier;
import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts of a whole Nexus (SQLite, three real Keepers over mTLS, 2 of 3) since the Keepers are
 * asked for their shards before the store probe and the audit chain (ADR 0234): what the recovery
 * did is in the verified chain in the order it happened, a Keeper down at start is asked again, and
 * a store that fails its probe while the Keepers' answers are on their way ends the start (and the
 * process) with the probe's error.
 */
class NexusRestartTest {
  @TempDir Path dir;
  DevTrustDomain td;
  final List<TestKeeper> keepers = new ArrayList<>();
  RootKey key;
  final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void stack() {
    td = DevTrustDomain.create(dir.resolve("td"));
    for (int i = 0; i < 3; i++) {
      keepers.add(new TestKeeper(td));
    }
    key = RootKey.generate(new SecureRandom());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
    keepers.forEach(TestKeeper::close);
    key.close();
  }

  @Test
  void restarts_recoverFromTheKeepers_andTheChainRecordsEachRecoveryInOrder() throws Exception {
    keyedStore();
    seed(1, 2); // the third Keeper is empty: the first Nexus fills it after its recovery
    Map<String, String> env = env();

    try (NexusMain.Nexus nexus = NexusMain.Nexus.start(env)) {
      awaitReady(nexus);
      awaitAudited("keeper_seeded", 1);
    }
    // the second start: the first Keeper is down, so its early answer fails and the recovery
    // asks the third Keeper (filled by the first run) in the same round
    keepers.get(0).stop();
    try (NexusMain.Nexus nexus = NexusMain.Nexus.start(env)) {
      awaitReady(nexus);
      // back, empty: the Keeper checks after ready fill it
      keepers.get(0).start();
      awaitAudited("keeper_seeded", 2);
    }

    List<String> events = auditedEvents();
    assertThat(events)
        .as("each run: the rebuilt key, then the Keeper check that follows it")
        .containsSubsequence(
            "root_key_rebuilt/ok/keepers",
            "keeper_seeded/ok/" + keepers.get(2).uri(),
            "root_key_rebuilt/ok/keepers",
            "keeper_seeded/ok/" + keepers.get(0).uri());
    assertThat(events.stream().filter(e -> e.startsWith("root_key_rebuilt")).count()).isEqualTo(2);
    Path audit = auditFile();
    GroupPublicKey pub =
        GroupPublicKey.parseHex(
            Files.readString(audit.resolveSibling("nexus-audit.key.pub")).strip());
    try (BufferedReader r = Files.newBufferedReader(audit, StandardCharsets.UTF_8)) {
      AuditChainVerifier.Report report = AuditChainVerifier.verify(r, pub);
      assertThat(report.failure()).isEmpty();
      assertThat(report.records()).isEqualTo(Files.readAllLines(audit).size());
    }
  }

  @Test
  void start_withEveryKeeperDown_servesNotReady_andRecoversOnceTheyAnswer() throws Exception {
    keyedStore();
    keepers.forEach(TestKeeper::stop);
    Map<String, String> env = env();
    try (NexusMain.Nexus nexus = NexusMain.Nexus.start(env)) {
      HttpClient http = http();
      assertThat(readyz(http, nexus.server().uri())).isEqualTo(503);
      // a restarted Keeper is empty: the operator's Bootstrap (here: the test) seeds it again
      keepers.forEach(TestKeeper::start);
      seed(1, 2, 3);
      awaitReady(nexus);
    }
    assertThat(auditedEvents()).contains("root_key_rebuilt/ok/keepers");
  }

  @Test
  void start_whoseStoreProbeFailsWhileTheKeepersAnswer_failsWithTheProbesError() throws Exception {
    seed(1, 2, 3);
    Path data = dir.resolve("nexus").resolve("data");
    Files.createDirectories(data);
    Files.writeString(
        data.resolve("spike.db"), "not a SQLite database, but long enough to be read");
    Map<String, String> env = env();

    long started = System.nanoTime();
    assertThatThrownBy(() -> NexusMain.Nexus.start(env))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot inspect the SQLite database " + data.resolve("spike.db"));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("the error does not wait for the Keepers' client")
        .isLessThan(Duration.ofSeconds(10));

    // and a process with the same environment ends (exit 1) instead of waiting for its threads
    assertThat(failedProcessOutput(env)).contains("cannot inspect the SQLite database");
  }

  @Test
  void start_withoutSvidFiles_failsInOneLineThatNamesTheDirectory() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("no-svid"));
    Map<String, String> env = env();
    env.put("SPIKE_SVID_DIR", empty.toString());

    assertThat(failedProcessOutput(env)).contains("cannot load an SVID from " + empty);
  }

  /**
   * Runs Nexus in a process with {@code env}, expects it to end with exit status 1 and one line for
   * the operator (no stack trace), and returns its output.
   */
  private String failedProcessOutput(Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            NexusMain.class.getName());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path log = Files.createTempFile(dir, "nexus", ".log");
    Process nexus = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertThat(nexus.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
      assertThat(nexus.exitValue()).isEqualTo(1);
      String output = Files.readString(log);
      assertThat(output)
          .contains("SPIKE Nexus cannot start: ")
          .as("one line for the operator, no stack trace")
          .doesNotContain("Exception in thread")
          .doesNotContain("\tat ");
      return output;
    } finally {
      nexus.destroyForcibly();
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SPIKE_SVID_DIR", td.svidDirFor(SpikeRole.NEXUS).toString());
    env.put("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:0");
    env.put("SPIKE_NEXUS_DATA_DIR", dir.resolve("nexus").toString());
    env.put("SPIKE_NEXUS_BACKEND_STORE", "sqlite");
    env.put(
        "SPIKE_NEXUS_KEEPER_PEERS",
        keepers.stream().map(k -> k.uri().toString()).collect(Collectors.joining(",")));
    env.put("SPIKE_NEXUS_SHAMIR_THRESHOLD", "2");
    env.put("SPIKE_NEXUS_SHAMIR_SHARES", "3");
    env.put("SPIKE_NEXUS_RECOVERY_MAX_INTERVAL", "1s");
    env.put("SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", "1s");
    env.put("SPIKE_HTTP_CLIENT_TIMEOUT", "5s");
    return env;
  }

  /** A store keyed with {@link #key} before Nexus starts, as a restart finds it. */
  private void keyedStore() {
    BackendConfig config = BackendConfig.of(BackendKind.SQLITE, dir.resolve("nexus/data"));
    try (Backend store = BackendFactory.open(config, key)) {
      store.claimKeyCheck(KeyCheckValue.of(key).toBytes());
    }
  }

  private void seed(int... positions) throws Exception {
    List<Shard> shards = Shamir.split(key, ShamirParameters.of(2, 3));
    try (KeeperClient client = nexusClient()) {
      for (int p : positions) {
        client.contribute(keepers.get(p - 1).uri(), shards.get(p - 1));
      }
    } finally {
      shards.forEach(Shard::close);
    }
  }

  private KeeperClient nexusClient() {
    FileSvidSource source = td.sourceFor(SpikeRole.NEXUS);
    closeables.add(source);
    return KeeperClient.create(
        source, td.roles().verifierFor(SpikeRole.KEEPER), Duration.ofSeconds(5));
  }

  private HttpClient http() {
    FileSvidSource source = td.sourceFor(SpikeRole.PILOT_SUPERUSER);
    closeables.add(source);
    HttpClient http = MtlsTestClients.http(source, td.roles().verifierFor(SpikeRole.NEXUS));
    closeables.add(http::close);
    return http;
  }

  private void awaitReady(NexusMain.Nexus nexus) {
    HttpClient http = http();
    URI base = nexus.server().uri();
    await().atMost(Duration.ofSeconds(60)).until(() -> readyz(http, base) == 200);
  }

  private static int readyz(HttpClient http, URI base) throws Exception {
    return http.send(
            HttpRequest.newBuilder(base.resolve("/readyz")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void awaitAudited(String event, long count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> auditedEvents().stream().filter(e -> e.startsWith(event + "/")).count() >= count);
  }

  private Path auditFile() {
    return dir.resolve("nexus/data/audit/nexus-audit.jsonl");
  }

  /** Each lifecycle record as {@code event/outcome/source-or-keeper}, in chain order. */
  private List<String> auditedEvents() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> out = new ArrayList<>();
    if (!Files.exists(auditFile())) {
      return out;
    }
    for (String line : Files.readAllLines(auditFile())) {
      var node = json.readTree(line);
      String event = node.path("event").asText("");
      if (event.isEmpty()) {
        continue;
      }
      var fields = node.path("details");
      String detail =
          fields.has("source") ? fields.path("source").asText() : fields.path("keeper").asText();
      out.add(event + "/" + node.path("outcome").asText() + "/" + detail);
    }
    return out;
  }
}
