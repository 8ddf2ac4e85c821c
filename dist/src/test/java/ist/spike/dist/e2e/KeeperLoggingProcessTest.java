package ist.spike.dist.e2e;

import static ist.spike.dist.e2e.LocalProcesses.awaitAccepting;
import static ist.spike.dist.e2e.LocalProcesses.freePort;
import static ist.spike.dist.e2e.LocalProcesses.stop;
import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.KeeperClient;
import ist.spike.dist.JvmFlags;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keeper started with the launchers' JVM options (ADR 0254): its own SLF4J provider writes the
 * operational log on stderr (the same lines as Nexus's Logback, library internals at WARN, no SLF4J
 * report lines) and its audit records to {@code SPIKE_AUDIT_LOG} without loading a Logback class;
 * with {@code -Dlogback.configurationFile} Logback reads that file instead.
 */
class KeeperLoggingProcessTest {
  /** The time at the start of both line shapes ({@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}}). */
  private static final String TIME =
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";

  /** An operational line of {@code LogLineLayout}: time, level, thread, logger, message. */
  private static final Pattern OPERATIONAL =
      Pattern.compile(
          "(?m)^"
              + TIME
              + " INFO  \\[main\\] ist\\.spike\\.keeper\\.KeeperMain"
              + " - SPIKE Keeper spiffe://\\S+ listening on https://\\S+$");

  /** An audit line: time and the record (component, trail, peer, method, path, status). */
  private static final Pattern AUDIT =
      Pattern.compile("^" + TIME + " keeper \\S+ spiffe://\\S+ \\S+ /\\S+ -> \\d+ in \\d+us$");

  @TempDir Path tmp;

  @Test
  void launchedKeeper_logsAsBeforeWithoutLoadingLogback() throws Exception {
    Path classLog = tmp.resolve("classes.log");
    Path audit = tmp.resolve("audit.log");
    DevTrustDomain td = DevTrustDomain.create(tmp.resolve("td"));
    int port = freePort();
    ProcessBuilder pb = keeper(td, port, "-Xlog:class+load=info:file=" + classLog);
    pb.environment().put("SPIKE_AUDIT_LOG", audit.toString());
    Path err = tmp.resolve("stderr.log");
    Process keeper =
        pb.redirectError(err.toFile()).redirectOutput(tmp.resolve("out").toFile()).start();
    try {
      awaitAccepting(keeper, port, err);
      storeAndFetchShard(td, port);
    } finally {
      stop(keeper);
    }

    String classes = Files.readString(classLog);
    assertThat(classes).contains(" ist.spike.dist.KeeperLogServiceProvider source: ");
    // ADR 0254: not one Logback class, and not Nexus's provider
    assertThat(classes).doesNotContain(" ch.qos.logback.").doesNotContain("SpikeLogbackService");
    String log = Files.readString(err);
    assertThat(log).containsPattern(OPERATIONAL).doesNotContain("SLF4J");
    // library internals at WARN: Jetty's "Started Server@..." line is not there
    assertThat(log).doesNotContain("org.eclipse.jetty").doesNotContain("o.e.j");
    List<String> records = Files.readAllLines(audit);
    assertThat(records).isNotEmpty().allMatch(l -> AUDIT.matcher(l).matches());
    assertThat(String.join("\n", records)).contains("/v1/store/contribute");
    assertThat(log).doesNotContain("/v1/store/contribute");
    // no shard material: not the body's field, not its bytes (0,0,0,0,0,85,0,...)
    for (String text : List.of(log, String.join("\n", records))) {
      assertThat(text).doesNotContain("\"shard\"").doesNotContain("0,0,85").doesNotContain("0, 85");
    }
  }

  @Test
  void configurationFileProperty_logbackReadsThatFile() throws Exception {
    Path xml = tmp.resolve("logback-other.xml");
    Files.writeString(
        xml,
        """
        <configuration>
          <appender name="E" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target>
            <encoder><pattern>XML %level %logger %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="E"/></root>
        </configuration>
        """);
    DevTrustDomain td = DevTrustDomain.create(tmp.resolve("td"));
    int port = freePort();
    Path err = tmp.resolve("stderr.log");
    Process keeper =
        keeper(td, port, "-Dlogback.configurationFile=" + xml)
            .redirectError(err.toFile())
            .redirectOutput(tmp.resolve("out").toFile())
            .start();
    try {
      awaitAccepting(keeper, port, err);
    } finally {
      stop(keeper);
    }
    assertThat(Files.readString(err))
        .contains("XML INFO ist.spike.keeper.KeeperMain SPIKE Keeper spiffe://")
        .doesNotContain("SLF4J");
  }

  private static ProcessBuilder keeper(DevTrustDomain td, int port, String option) {
    ProcessBuilder pb = DevStackProcess.java("ist.spike.keeper.KeeperMain");
    // the launchers' options (which name the SLF4J provider) instead of the helper's two
    pb.command().removeIf(o -> o.startsWith("-XX:"));
    pb.command().addAll(1, JvmFlags.KEEPER.options());
    pb.command().add(1, option);
    pb.environment().keySet().removeIf(k -> k.startsWith("SPIKE_") || k.startsWith("SPIFFE_"));
    pb.environment().put("SPIKE_SVID_DIR", td.svidDirFor(SpikeRole.KEEPER).toString());
    pb.environment().put("SPIKE_KEEPER_TLS_PORT", "127.0.0.1:" + port);
    return pb;
  }

  private static void storeAndFetchShard(DevTrustDomain td, int port) throws Exception {
    byte[] value = new byte[Shard.VALUE_SIZE];
    value[5] = 0x55;
    URI uri = URI.create("https://127.0.0.1:" + port);
    try (KeeperClient nexus =
            KeeperClient.create(
                td.sourceFor(SpikeRole.NEXUS),
                td.roles().verifierFor(SpikeRole.KEEPER),
                Duration.ofSeconds(20));
        Shard shard = Shard.of(1, SecretBytes.copyOf(value, InsecureSecretAccess.get()))) {
      nexus.contribute(uri, shard);
      try (Shard held = nexus.fetchShard(uri, 1).orElseThrow().shard()) {
        assertThat(held.equalsSecret(shard)).isTrue();
      }
    }
  }
}
