package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.api.json.SpikeJson;
import ist.spike.client.SpikeClient;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.DataPlaneRoutes;
import ist.spike.nexus.DataPlaneSettings;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.pilot.secret.QuickGet;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spike secret destroy|metadata put|list --prefix} and {@code spike operator snapshot
 * [restore]} against two real Nexus data planes over mTLS that share one root key.
 */
final class PilotKvCommandsTest {
  @TempDir static Path dir;
  static DevTrustDomain td;
  static FileSvidSource nexusSource;
  static Nexus source;
  static Nexus target;

  record Nexus(DataPlaneRoutes data, SpikeServer server) {
    void close() {
      server.close();
      data.close();
    }
  }

  record Result(int code, String out, String err) {}

  static Nexus start(String name, RootKey key) {
    DataPlaneRoutes data =
        new DataPlaneRoutes(
            BackendKind.SQLITE, td.roles(), DataPlaneSettings.DEFAULTS, Clock.systemUTC());
    Backend b = BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve(name)), key);
    b.claimKeyCheck(KeyCheckValue.of(key).toBytes());
    data.activate(b);
    SpikeServer server =
        SpikeServer.builder()
            .name("nexus")
            .config(ServerConfig.builder().build())
            .svidSource(nexusSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(data.addTo(RouteTable.builder()).build())
            .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
            .build();
    server.start();
    return new Nexus(data, server);
  }

  @BeforeAll
  static void startAll() {
    td = DevTrustDomain.create(dir.resolve("td"));
    nexusSource = td.sourceFor(SpikeRole.NEXUS);
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      source = start("source", key);
      target = start("target", key);
    }
  }

  @AfterAll
  static void stopAll() {
    source.close();
    target.close();
    nexusSource.close();
  }

  static Result su(URI nexus, String... args) {
    return su(nexus, true, args);
  }

  /** As {@link #su(URI, String...)}; {@code quick} false parses every line with picocli. */
  static Result su(URI nexus, boolean quick, String... args) {
    ClientFactory clients =
        env ->
            SpikeClient.builder()
                .nexusUrl(nexus)
                .svidSource(td.sourceFor(td.idOf(SpikeRole.PILOT_SUPERUSER)))
                .serverVerifier(td.roles().verifierFor(SpikeRole.NEXUS))
                .blockingTransport() // as Pilot opens its client (ADR 0264)
                .build();
    return run(args, clients, quick);
  }

  /**
   * Runs Pilot with an empty environment and standard input; {@code quick} false parses every line
   * with picocli (ADR 0244).
   */
  static Result run(String[] args, ClientFactory clients, boolean quick) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        PilotMain.run(
            args,
            Map.of(),
            new PrintWriter(out, true),
            new ByteArrayOutputStream(),
            new PrintWriter(err, true),
            new ByteArrayInputStream(new byte[0]),
            clients,
            quick);
    return new Result(code, out.toString(), err.toString());
  }

  static Result su(String... args) {
    return su(source.server().uri(), args);
  }

  /** As {@link #su(URI, String...)}, the client opened on the early thread (ADR 0238). */
  static Result suEarly(String... args) throws InterruptedException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    URI nexus = source.server().uri();
    ClientFactory clients =
        EarlyClient.start(
            args,
            Map.of(),
            env ->
                SpikeClient.builder()
                    .nexusUrl(nexus)
                    .svidSource(td.sourceFor(td.idOf(SpikeRole.PILOT_SUPERUSER)))
                    .serverVerifier(td.roles().verifierFor(SpikeRole.NEXUS))
                    .blockingTransport()
                    .build(),
            new java.io.PrintStream(logged, true, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(clients).isInstanceOf(EarlyClient.class);
    int code =
        PilotMain.run(
            args,
            Map.of(),
            new PrintWriter(out, true),
            new ByteArrayOutputStream(),
            new PrintWriter(err, true),
            new ByteArrayInputStream(new byte[0]),
            clients);
    ((EarlyClient) clients).discard();
    return new Result(code, out.toString(), err.toString() + logged);
  }

  @Test
  void secretGetAndPut_earlyClient_sameOutcomeAsTheClientOpenedInTurn() throws Exception {
    Result put = suEarly("secret", "put", "kv/early", "user=u", "pass=p");
    assertThat(put.code()).as(put.err()).isZero();
    for (String[] a :
        new String[][] {
          {"secret", "get", "kv/early"},
          {"secret", "get", "kv/early", "pass", "-f", "json"},
          {"secret", "get", "kv/early", "nokey"},
          {"secret", "get", "kv/missing"},
          {"secret", "get", "kv/early", "-v", "7"},
          {"secret", "get", "bad path!"}
        }) {
      Result early = suEarly(a);
      assertThat(early).as(String.join(" ", a)).isEqualTo(su(a));
    }
    Result get = suEarly("secret", "get", "kv/early");
    assertThat(get.code()).isZero();
    assertThat(get.out().lines()).containsExactlyInAnyOrder("user: u", "pass: p");
  }

  /** {@code secret get} read without picocli (ADR 0244) prints and exits as after picocli. */
  @Test
  void secretGet_withoutPicocli_sameOutcomeAsPicocli() {
    assertThat(su("secret", "put", "kv/quick", "user=u", "pass=p\u00e9\n\"x\"").code()).isZero();
    assertThat(su("secret", "put", "kv/quick", "user=u2").code()).isZero();
    URI nexus = source.server().uri();
    for (String[] a :
        new String[][] {
          {"secret", "get", "kv/quick"},
          {"secret", "get", "kv/quick", "-v", "1"},
          {"secret", "get", "kv/quick", "pass", "--version=1", "-fjson"},
          {"secret", "get", "-f", "yaml", "kv/quick", "--version", "1"},
          {"secret", "get", "kv/quick", "-f=y"},
          {"secret", "get", "kv/quick", "user", "-f", "JSON"},
          {"secret", "get", "kv/quick", "nokey"},
          {"secret", "get", "kv/quick", "-v", "9"},
          {"secret", "get", "kv/none"},
          {"secret", "get", "kv/quick?"},
          {"secret", "get", "bad path!"}
        }) {
      assertThat(QuickGet.parse(a)).as(String.join(" ", a)).isPresent();
      assertThat(su(nexus, true, a)).as(String.join(" ", a)).isEqualTo(su(nexus, false, a));
    }
  }

  @Test
  void secretDestroy_versionGoneForGood() {
    assertThat(su("secret", "put", "kv/d", "k=one").code()).isZero();
    assertThat(su("secret", "put", "kv/d", "k=two").code()).isZero();
    Result destroy = su("secret", "destroy", "kv/d", "-v", "1");
    assertThat(destroy.code()).as(destroy.err()).isZero();
    assertThat(destroy.out()).isEqualTo("OK" + System.lineSeparator());
    assertThat(su("secret", "get", "kv/d", "-v", "1").code()).isNotZero();
    assertThat(su("secret", "undelete", "kv/d", "-v", "1").code()).isNotZero();
    assertThat(su("secret", "get", "kv/d", "k").out().trim()).isEqualTo("two");
  }

  @Test
  void secretMetadataPut_casRequiredThenPutWithoutCasRefused() {
    assertThat(su("secret", "put", "kv/m", "k=v").code()).isZero();
    Result put =
        su(
            "secret",
            "metadata",
            "put",
            "kv/m",
            "--cas-required",
            "true",
            "--custom",
            "owner=ops",
            "--delete-version-after",
            "720h");
    assertThat(put.code()).as(put.err()).isZero();
    Result shown = su("secret", "metadata", "get", "kv/m");
    assertThat(shown.out()).contains("Custom Metadata :").contains("  owner = ops");
    assertThat(su("secret", "metadata", "get", "kv/m", "-f", "json").out())
        .contains("\"customMetadata\"")
        .contains("\"owner\"");
    Result refused = su("secret", "put", "kv/m", "k=w");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("check-and-set is required");
    assertThat(su("secret", "put", "kv/m", "k=w", "--cas", "1").code()).isZero();
    Result bad = su("secret", "metadata", "put", "kv/m", "--delete-version-after", "3 days");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("deleteVersionAfter must be whole hours");
    assertThat(su("secret", "metadata", "put", "kv/m").err()).contains("nothing to change");
  }

  @Test
  void secretList_prefixAndLimit_pagesWithAHint() {
    for (String p : new String[] {"pl/a", "pl/b", "pl/c"}) {
      assertThat(su("secret", "put", p, "k=v").code()).isZero();
    }
    Result first = su("secret", "list", "--prefix", "pl/", "--limit", "2");
    assertThat(first.out()).isEqualTo("- pl/a\n- pl/b\n".replace("\n", System.lineSeparator()));
    assertThat(first.err()).contains("--after pl/b");
    Result rest = su("secret", "list", "--prefix", "pl/", "--limit", "2", "--after", "pl/b");
    assertThat(rest.out().trim()).isEqualTo("- pl/c");
    assertThat(rest.err()).isEmpty();
  }

  @Test
  void operatorSnapshot_thenRestoreIntoTheEmptyNexus() throws Exception {
    assertThat(su("secret", "put", "snap/a", "k=alpha").code()).isZero();
    // a transit key is a sealed record like a secret: the snapshot carries it (ADR-0167)
    assertThat(su("transit", "create", "snapkey").code()).isZero();
    String ct = su("transit", "encrypt", "snapkey", "--plaintext", "YWxwaGE=").out().trim();
    assertThat(ct).startsWith("spike:v1:");
    Path file = dir.resolve("backup.snap");
    Result taken = su("operator", "snapshot", "--out", file.toString());
    assertThat(taken.code()).as(taken.err()).isZero();
    assertThat(taken.out()).startsWith("Snapshot written: ").contains("sha256 ");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(su("operator", "snapshot", "--out", file.toString()).err()).contains("exists");
    Result restored = su(target.server().uri(), "operator", "snapshot", "restore", file.toString());
    assertThat(restored.code()).as(restored.err()).isZero();
    assertThat(restored.out()).startsWith("Snapshot restored: ");
    assertThat(su(target.server().uri(), "secret", "get", "snap/a", "k").out().trim())
        .isEqualTo("alpha");
    assertThat(
            su(
                    target.server().uri(),
                    "transit",
                    "decrypt",
                    "snapkey",
                    "--base64",
                    "--ciphertext",
                    ct)
                .out()
                .trim())
        .isEqualTo("YWxwaGE=");
    Path tampered = dir.resolve("tampered.snap");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 3] ^= 4;
    Files.write(tampered, bytes);
    Result refused =
        su(target.server().uri(), "operator", "snapshot", "restore", tampered.toString());
    assertThat(refused.code()).isNotZero();
  }
}
