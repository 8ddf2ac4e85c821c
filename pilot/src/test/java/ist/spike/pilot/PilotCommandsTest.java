package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.api.json.SpikeJson;
import ist.spike.client.SpikeClient;
import ist.spike.crypto.RootKey;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.TlsProvider;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.DataPlaneRoutes;
import ist.spike.nexus.DataPlaneSettings;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spike secret|policy|cipher} against a real Nexus data plane over mTLS. */
final class PilotCommandsTest {
  @TempDir static Path dir;
  static DevTrustDomain td;
  static FileSvidSource nexusSource;
  static SpikeServer server;
  static DataPlaneRoutes data;

  record Result(int code, String out, String err, byte[] raw) {}

  @BeforeAll
  static void start() {
    td = DevTrustDomain.create(dir.resolve("td"));
    nexusSource = td.sourceFor(SpikeRole.NEXUS);
    data =
        new DataPlaneRoutes(
            BackendKind.SQLITE, td.roles(), DataPlaneSettings.DEFAULTS, Clock.systemUTC());
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      data.activate(
          BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("data")), key));
    }
    server =
        SpikeServer.builder()
            .name("nexus")
            .config(ServerConfig.builder().build())
            .svidSource(nexusSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(data.addTo(RouteTable.builder()).build())
            .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
            .build();
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
    data.close();
    nexusSource.close();
  }

  static Result run(SpiffeId as, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    ClientFactory clients =
        env -> {
          FileSvidSource source = td.sourceFor(as);
          return SpikeClient.builder()
              .nexusUrl(server.uri())
              .svidSource(source)
              .serverVerifier(td.roles().verifierFor(SpikeRole.NEXUS))
              .build();
        };
    int code =
        PilotMain.run(
            args,
            Map.of(),
            new PrintWriter(out, true),
            raw,
            new PrintWriter(err, true),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            clients);
    return new Result(code, out.toString(), err.toString(), raw.toByteArray());
  }

  static Result su(String... args) {
    return run(td.idOf(SpikeRole.PILOT_SUPERUSER), "", args);
  }

  /**
   * Pilot's suite also runs with {@code SPIKE_TLS_PROVIDER=jdk} (the parent POM's {@code
   * jdk-tls-provider} execution): the commands here then really use the JDK's TLS, not Conscrypt.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "spike.test.tlsRun",
      matches = "jdk")
  void tlsProvider_jdkRun_commandsUseTheJdkProvider() {
    assertThat(System.getenv(TlsProvider.ENV)).isEqualTo("jdk");
    assertThat(TlsProvider.configured()).isEqualTo(TlsProvider.JDK);
    assertThat(su("secret", "list").code()).isZero();
  }

  @Test
  void aotTraining_runsPutGetListAgainstTheNexus_andTheSecretIsStored() {
    int code =
        AotTraining.run(
            Map.of(),
            env ->
                SpikeClient.builder()
                    .nexusUrl(server.uri())
                    .svidSource(td.sourceFor(td.idOf(SpikeRole.PILOT_SUPERUSER)))
                    .serverVerifier(td.roles().verifierFor(SpikeRole.NEXUS))
                    .build());

    assertThat(code).isZero();
    Result get = su("secret", "get", AotTraining.PATH, "--format", "json");
    assertThat(get.code()).as(get.err()).isZero();
    assertThat(get.out()).contains("\"username\"").contains("\"training\"");
  }

  @Test
  void secretPut_valueFromFileAndStdin_storesTheirContents() throws Exception {
    Path file = dir.resolve("cert.pem");
    Files.writeString(file, "line one\nline two\n");
    Result put =
        run(
            td.idOf(SpikeRole.PILOT_SUPERUSER),
            "from stdin",
            "secret",
            "put",
            "pilot/files",
            "cert=@" + file,
            "token=-",
            "plain=x");
    assertThat(put.code()).as(put.err()).isZero();
    assertThat(su("secret", "get", "pilot/files", "cert").out())
        .isEqualTo("line one\nline two\n\n");
    assertThat(su("secret", "get", "pilot/files", "token").out()).isEqualTo("from stdin\n");
    assertThat(su("secret", "get", "pilot/files", "plain").out()).isEqualTo("x\n");

    Result twice = su("secret", "put", "pilot/files2", "a=-", "b=-");
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.err()).contains("only one value can be read from standard input");
    Result missing = su("secret", "put", "pilot/files2", "a=@" + dir.resolve("absent"));
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("cannot read the value of a from @");
    assertThat(su("secret", "get", "pilot/files2").code()).isEqualTo(1); // nothing written
  }

  @Test
  void secretPut_valueOverTheBodyLimit_saysValueTooLargeAndWritesNothing() throws Exception {
    Path big = dir.resolve("big.txt");
    Files.writeString(big, "x".repeat(BodyLimit.DEFAULT_BYTES));
    for (String arg : new String[] {"v=@" + big, "v=" + "y".repeat(BodyLimit.DEFAULT_BYTES)}) {
      Result r = su("secret", "put", "pilot/big", arg);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("Error: value too large (limit 1048576 bytes).\n");
    }
    assertThat(su("secret", "get", "pilot/big").code()).isEqualTo(1);
  }

  @Test
  void secret_putGetListMetadataDeleteUndelete() {
    assertThat(su("secret", "put", "pilot/db", "user=alice", "pass=a=b").out()).isEqualTo("OK\n");
    assertThat(su("secret", "put", "pilot/db", "user=alice", "pass=v2").code()).isZero();
    Result get = su("secret", "get", "pilot/db");
    assertThat(get.code()).isZero();
    assertThat(get.out()).isEqualTo("pass: v2\nuser: alice\n");
    assertThat(su("secret", "get", "pilot/db", "pass", "-v", "1").out()).isEqualTo("a=b\n");
    assertThat(su("secret", "get", "pilot/db", "-f", "json").out())
        .isEqualTo("{\n    \"pass\": \"v2\",\n    \"user\": \"alice\"\n}\n");
    assertThat(su("secret", "get", "pilot/db", "--format", "y").out()).contains("user: alice");
    assertThat(su("secret", "list").out()).contains("- pilot/db\n");
    assertThat(su("secret", "list", "-f", "j").out()).contains("\"pilot/db\"");
    Result meta = su("secret", "metadata", "get", "pilot/db");
    assertThat(meta.out()).contains("Current Version : 2").contains("Version 1:");
    assertThat(su("secret", "metadata", "get", "pilot/db", "-f", "json").out())
        .contains("\"currentVersion\" : 2".replace(" :", ":"));
    assertThat(su("secret", "delete", "pilot/db", "-v", "2").out()).isEqualTo("OK\n");
    assertThat(su("secret", "get", "pilot/db").out()).contains("pass: a=b");
    assertThat(su("secret", "undelete", "pilot/db", "--versions", "2").out()).isEqualTo("OK\n");
    assertThat(su("secret", "get", "pilot/db", "pass").out()).isEqualTo("v2\n");
  }

  @Test
  void secret_errors_nonZeroExitAndClearMessage() {
    Result missing = su("secret", "get", "pilot/none");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("Error: Secret not found.");
    Result badKey = su("secret", "get", "pilot/db2");
    assertThat(badKey.code()).isEqualTo(1);
    Result badPair = su("secret", "put", "pilot/x", "novalue");
    assertThat(badPair.code()).isEqualTo(1);
    assertThat(badPair.err()).contains("Error: Invalid key-value pair: novalue");
    Result badPath = su("secret", "put", "bad path", "k=v");
    assertThat(badPath.code()).isEqualTo(1);
    assertThat(badPath.err()).contains("Invalid secret path");
    Result badVersion = su("secret", "delete", "pilot/x", "-v", "1,x");
    assertThat(badVersion.err()).contains("Error: Invalid version number: x");
    assertThat(su("secret", "delete", "pilot/x", "-v", "-3").err())
        .contains("Error: Negative version number: -3");
    Result badFormat = su("secret", "list", "-f", "xml");
    assertThat(badFormat.code()).isEqualTo(2);
    assertThat(badFormat.err())
        .contains("invalid format 'xml'. Valid formats are: human/h/plain/p, json/j, yaml/y");
    Result deleteMissing = su("secret", "delete", "pilot/none");
    assertThat(deleteMissing.code()).isEqualTo(1);
    assertThat(deleteMissing.err()).contains("Error: Resource not found.");
    assertThat(su("secret", "put", "pilot/k").code()).isEqualTo(2);
  }

  @Test
  void secret_putWithCas_staleVersionConflict() {
    assertThat(su("secret", "put", "pilot/cas", "k=1", "--cas", "0").code()).isZero();
    Result stale = su("secret", "put", "pilot/cas", "k=2", "--cas", "0");
    assertThat(stale.code()).isEqualTo(1);
    assertThat(stale.err()).contains("Error: Version conflict.");
  }

  @Test
  void policy_createGetListApplyDelete_workloadGainsAccess() throws Exception {
    SpiffeId app = td.id("workload/pilot-app");
    assertThat(su("secret", "put", "apps/pilot/db", "pw=x").code()).isZero();
    Result denied = run(app, "", "secret", "get", "apps/pilot/db");
    assertThat(denied.code()).isEqualTo(1);
    assertThat(denied.err()).contains("Error: Unauthorized access.");
    Result create =
        su(
            "policy",
            "create",
            "--name",
            "pilot-app",
            "--spiffeid-pattern",
            "^spiffe://spike\\.ist/workload/pilot-app$",
            "--path-pattern",
            "^apps/pilot/.*$",
            "--permissions",
            "read,list");
    assertThat(create.out()).isEqualTo("Policy created successfully.\n");
    Result again =
        su(
            "policy",
            "create",
            "--name",
            "pilot-app",
            "--spiffeid-pattern",
            "^spiffe://spike\\.ist/workload/pilot-app$",
            "--path-pattern",
            "^apps/pilot/.*$",
            "--permissions",
            "read");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("Error: Policy 'pilot-app' already exists.");
    assertThat(run(app, "", "secret", "get", "apps/pilot/db", "pw").out()).isEqualTo("x\n");
    Result get = su("policy", "get", "pilot-app");
    assertThat(get.out()).contains("POLICY DETAILS").contains("Permissions: read, list");
    assertThat(su("policy", "get", "--name", "pilot-app", "-f", "json").out())
        .contains("\"spiffiedPattern\"");
    assertThat(su("policy", "list").out()).contains("Name: pilot-app\n--------\n");
    assertThat(su("policy", "list", "--path-pattern", "^apps/pilot/.*$", "-f", "json").out())
        .contains("\"name\": \"pilot-app\"");
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        "name: pilot-app\nspiffeidPattern: ^spiffe://spike\\.ist/workload/pilot-app$\n"
            + "pathPattern: ^apps/pilot/.*$\npermissions:\n  - read\n  - write\n");
    assertThat(su("policy", "apply", "--file", file.toString()).out())
        .isEqualTo("Policy 'pilot-app' applied successfully\n");
    assertThat(su("policy", "get", "pilot-app").out()).contains("Permissions: read, write");
    Result cancel = run(td.idOf(SpikeRole.PILOT_SUPERUSER), "n\n", "policy", "delete", "pilot-app");
    assertThat(cancel.out()).contains("Operation canceled.");
    Result delete = run(td.idOf(SpikeRole.PILOT_SUPERUSER), "y\n", "policy", "delete", "pilot-app");
    assertThat(delete.out()).contains("Policy deleted successfully.");
    Result gone = su("policy", "get", "pilot-app");
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.err()).contains("Error: Entity not found.");
    assertThat(run(app, "", "secret", "get", "apps/pilot/db").code()).isEqualTo(1);
  }

  @Test
  void policy_missingFlagsAndBadInput_explained() {
    Result missing = su("policy", "create", "--name", "x");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err())
        .contains("Error: All flags are required.")
        .contains("--path-pattern is missing")
        .contains("--spiffeid-pattern is missing")
        .contains("--permissions is missing");
    Result perm =
        su(
            "policy",
            "create",
            "--name",
            "x",
            "--spiffeid-pattern",
            "^spiffe://spike\\.ist/a$",
            "--path-pattern",
            "^a$",
            "--permissions",
            "admin");
    assertThat(perm.err()).contains("Invalid permission 'admin'");
    Result reserved =
        su(
            "policy",
            "apply",
            "--name",
            "x",
            "--spiffeid-pattern",
            "spiffe://spike\\.ist/a",
            "--path-pattern",
            "acl",
            "--permissions",
            "read");
    assertThat(reserved.code()).isEqualTo(1);
    assertThat(reserved.err()).contains("Error: Invalid request.").contains("reserved path");
    assertThat(su("policy", "list", "--path-pattern", "a", "--spiffeid-pattern", "b").code())
        .isEqualTo(2);
  }

  @Test
  void cipher_streamAndJsonModes_roundTrip() throws Exception {
    Path plain = dir.resolve("plain.bin");
    Path enc = dir.resolve("enc.bin");
    Path dec = dir.resolve("dec.bin");
    Files.write(plain, "attack at dawn".getBytes(StandardCharsets.UTF_8));
    assertThat(su("cipher", "encrypt", "-f", plain.toString(), "-o", enc.toString()).code())
        .isZero();
    assertThat(Files.readAllBytes(enc)[0]).isEqualTo((byte) 1);
    assertThat(su("cipher", "decrypt", "--file", enc.toString(), "--out", dec.toString()).code())
        .isZero();
    assertThat(Files.readString(dec)).isEqualTo("attack at dawn");
    // JSON mode: output is SPIKE's full layout (SPIKE drops the nonce), so it decrypts
    Result json = su("cipher", "encrypt", "--plaintext", "aGVsbG8=");
    assertThat(json.code()).isZero();
    byte[] layout = json.raw();
    assertThat(layout).hasSize(1 + 12 + 5 + 16);
    String nonce =
        java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(layout, 1, 13));
    String ct =
        java.util.Base64.getEncoder()
            .encodeToString(java.util.Arrays.copyOfRange(layout, 13, layout.length));
    Result back = su("cipher", "decrypt", "--version", "1", "--nonce", nonce, "--ciphertext", ct);
    assertThat(new String(back.raw(), StandardCharsets.UTF_8)).isEqualTo("hello");
    Result bad = su("cipher", "decrypt", "--nonce", nonce, "--ciphertext", "AAAA");
    assertThat(bad.code()).isEqualTo(1);
  }

  @Test
  void cipherEncrypt_base64_isOneTextLineThatDecryptAccepts() throws Exception {
    Result json = su("cipher", "encrypt", "--plaintext", "aGVsbG8=", "--base64");
    assertThat(json.code()).isZero();
    String text = new String(json.raw(), StandardCharsets.US_ASCII);
    assertThat(text).matches("[A-Za-z0-9+/=]+\n");
    assertThat(java.util.Base64.getDecoder().decode(text.trim())[0]).isEqualTo((byte) 1);
    // what encrypt printed goes back in on stdin, unchanged
    Result back = run(td.idOf(SpikeRole.PILOT_SUPERUSER), text, "cipher", "decrypt");
    assertThat(back.code()).as(back.err()).isZero();
    assertThat(new String(back.raw(), StandardCharsets.UTF_8)).isEqualTo("hello");

    Result stream =
        run(td.idOf(SpikeRole.PILOT_SUPERUSER), "streamed", "cipher", "encrypt", "--base64");
    String streamed = new String(stream.raw(), StandardCharsets.US_ASCII);
    assertThat(streamed).matches("[A-Za-z0-9+/=]+\n");
    Path file = dir.resolve("enc.b64");
    Files.writeString(file, streamed);
    Result fromFile = su("cipher", "decrypt", "-f", file.toString());
    assertThat(new String(fromFile.raw(), StandardCharsets.UTF_8)).isEqualTo("streamed");
    // redirected output without --base64 stays SPIKE's raw layout
    Result raw = su("cipher", "encrypt", "--plaintext", "aGVsbG8=");
    assertThat(raw.raw()[0]).isEqualTo((byte) 1);
  }

  @Test
  void noSvid_clearErrorExitOne() {
    StringWriter err = new StringWriter();
    int code =
        PilotMain.run(
            new String[] {"secret", "list"},
            Map.of(),
            new PrintWriter(new StringWriter(), true),
            new ByteArrayOutputStream(),
            new PrintWriter(err, true),
            new ByteArrayInputStream(new byte[0]),
            env -> {
              throw new IllegalStateException("no SVID in /nowhere");
            });
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("cannot load this Pilot's SVID")
        .contains("no SVID in /nowhere");
  }

  @Test
  void unreachableNexus_failedToConnectMessage() {
    StringWriter err = new StringWriter();
    int code =
        PilotMain.run(
            new String[] {"secret", "list"},
            Map.of(),
            new PrintWriter(new StringWriter(), true),
            new ByteArrayOutputStream(),
            new PrintWriter(err, true),
            new ByteArrayInputStream(new byte[0]),
            env ->
                SpikeClient.builder()
                    .nexusUrl(java.net.URI.create("https://127.0.0.1:1"))
                    .svidSource(td.sourceFor(SpikeRole.PILOT_SUPERUSER))
                    .build());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("Failed to connect to SPIKE Nexus");
  }

  @Test
  void help_andNoSubcommand() {
    Result help = su("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("secret").contains("policy").contains("cipher");
    Result none = su(); // no arguments: the usage, as --help prints it
    assertThat(none.code()).isZero();
    assertThat(none.out()).isEqualTo(help.out());
  }

  @Test
  void transit_everyCommand_againstRealNexus() throws Exception {
    SpiffeId superuser = td.idOf(SpikeRole.PILOT_SUPERUSER);
    assertThat(su("transit", "create", "orders").code()).isZero();
    assertThat(su("transit", "create", "orders").err()).contains("exists");
    assertThat(su("transit", "list").out()).contains("orders");
    Result enc = run(superuser, "hello", "transit", "encrypt", "orders");
    assertThat(enc.code()).isZero();
    String v1 = enc.out().trim();
    assertThat(v1).startsWith("spike:v1:");
    Result dec = run(superuser, v1 + "\n", "transit", "decrypt", "orders");
    assertThat(dec.code()).isZero();
    assertThat(new String(dec.raw(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(su("transit", "rotate", "orders").out()).contains("version 2");
    String v2 = su("transit", "rewrap", "orders", "--ciphertext", v1).out().trim();
    assertThat(v2).startsWith("spike:v2:");
    assertThat(su("transit", "decrypt", "orders", "--base64", "--ciphertext", v2).out().trim())
        .isEqualTo("aGVsbG8=");
    Result noChange = su("transit", "config", "orders");
    assertThat(noChange.code()).isNotZero();
    assertThat(noChange.err()).contains("give --min-decryption-version and/or --deletion-allowed");
    Result cfg = su("transit", "config", "orders", "--min-decryption-version", "2", "-f", "json");
    assertThat(cfg.out()).contains("\"minDecryptionVersion\": 2");
    Result old = su("transit", "decrypt", "orders", "--ciphertext", v1);
    assertThat(old.code()).isEqualTo(1);
    assertThat(old.err()).contains("minimum decryption version is 2");
    assertThat(su("transit", "get", "orders").out())
        .contains("Latest version: 2")
        .contains("Minimum decryption version: 2");
    Result batch = run(superuser, "aGk=\nYm9v\n", "transit", "encrypt", "orders", "--batch");
    assertThat(batch.code()).isZero();
    String[] cts = batch.out().trim().split("\n");
    assertThat(cts).hasSize(2);
    Result mixed =
        run(
            superuser,
            cts[0] + "\n" + v1 + "\n" + cts[1] + "\n",
            "transit",
            "decrypt",
            "orders",
            "--batch");
    assertThat(mixed.code()).isEqualTo(1);
    assertThat(mixed.out().split("\n"))
        .containsExactly(
            "aGk=",
            "error: ciphertext is from key version 1 but the minimum decryption version is 2; lower minDecryptionVersion to read it",
            "Ym9v");
    assertThat(run(superuser, cts[0] + "\n", "transit", "rewrap", "orders", "--batch").out())
        .startsWith("spike:v2:");
    assertThat(su("transit", "delete", "orders").err()).contains("deletionAllowed");
    assertThat(su("transit", "config", "orders", "--deletion-allowed", "true").code()).isZero();
    assertThat(su("transit", "delete", "orders").code()).isZero();
    assertThat(su("transit", "get", "orders").err()).contains("Transit key not found.");
  }
}
