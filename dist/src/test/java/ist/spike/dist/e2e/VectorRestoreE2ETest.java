package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.dist.stack.DevIdentities;
import ist.spike.dist.stack.DevStack;
import ist.spike.dist.stack.ReadyzProbe;
import ist.spike.dist.stack.StackOptions;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.testkit.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every case of {@code spike-shamir.json} with three shares: a {@code --no-bootstrap} stack
 * (real processes) restored from that case's recovery-file lines (two of them for 2-of-3) makes
 * Nexus ready, and {@code spike operator recover} then writes files identical to the case's three
 * lines. One stack serves every case: between cases Nexus and the Keepers are restarted empty on
 * fresh data, with the case's threshold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorRestoreE2ETest {
  Path dir;
  DevStack stack;
  ReadyzProbe probe;
  Map<String, String> env;
  final ByteArrayOutputStream stackOutput = new ByteArrayOutputStream();

  @BeforeAll
  void startStack(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("trust"));
    probe = new ReadyzProbe(td);
    stack =
        DevStack.start(
            new StackOptions(dir, 3, 2, "sqlite", false, Duration.ofSeconds(1)),
            new DevIdentities(td),
            probe,
            new PrintStream(stackOutput, true, StandardCharsets.UTF_8));
    env = Pilot.envFile(dir.resolve("env"));
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
    if (probe != null) {
      probe.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> restoreThenRecover_everyThreeShareCase_writesTheCasesLines() {
    JsonNode cases = Vectors.json("spike-shamir.json").get("cases");
    List<JsonNode> selected = new ArrayList<>();
    for (JsonNode c : cases) {
      if (c.get("accepted").asBoolean() && c.get("shares").asInt() == 3) {
        selected.add(c);
      }
    }
    // Cases with the stack's threshold first; the stack needs no threshold change for them.
    selected.sort(Comparator.comparingInt(c -> c.get("threshold").asInt() == 2 ? 0 : 1));
    assertThat(selected).isNotEmpty();
    List<DynamicTest> tests = new ArrayList<>();
    boolean[] first = {true};
    for (JsonNode c : selected) {
      tests.add(
          DynamicTest.dynamicTest(
              c.get("name").asText(),
              () -> {
                if (!first[0]) {
                  stack.resetToEmpty(c.get("threshold").asInt());
                } else if (c.get("threshold").asInt() != 2) {
                  stack.resetToEmpty(c.get("threshold").asInt());
                }
                first[0] = false;
                runCase(c);
              }));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "logs hold no root key or shard of any case",
            () -> {
              String logs = StackProbes.allLogs(dir);
              assertThat(logs).contains("root key installed from operator restore");
              for (JsonNode c : selected) {
                assertThat(logs).doesNotContain(c.get("root_key_hex").asText());
                for (JsonNode sh : c.get("shards")) {
                  assertThat(logs).doesNotContain(sh.get("value_hex").asText().substring(0, 24));
                }
              }
            }));
    return tests.stream();
  }

  void runCase(JsonNode c) throws Exception {
    int threshold = c.get("threshold").asInt();
    List<String> lines = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode s : c.get("shards")) {
      lines.add(s.get("recovery_file_content").asText());
      names.add(s.get("recovery_file_name").asText());
    }
    assertThat(stack.isNexusReady()).as("a fresh stack is not ready").isFalse();
    // Restore from the last line backwards (3, 1 for 2-of-3), as many lines as the threshold.
    List<String> order = List.of(lines.get(2), lines.get(0), lines.get(1));
    for (int i = 0; i < threshold; i++) {
      Pilot.Result r = Pilot.restore(env, order.get(i));
      assertThat(r.code()).as(r.err()).isZero();
      if (i < threshold - 1) {
        assertThat(r.out()).contains("Shards remaining: " + (threshold - i - 1));
      } else {
        assertThat(r.out()).contains("SPIKE is now restored and ready to use.");
      }
    }
    assertThat(stack.isNexusReady()).isTrue();

    Pilot.Result recovered = Pilot.recover(env);
    assertThat(recovered.code()).as(recovered.err()).isZero();
    Path recoverDir = dir.resolve("recover");
    try (Stream<Path> files = Files.list(recoverDir)) {
      // SPIKE's recovery files, plus our public commitments file (ADR-0161)
      List<String> expected = new ArrayList<>(names);
      expected.add("spike.commitments.txt");
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactlyElementsOf(expected.stream().sorted().toList());
    }
    String commitments = recoverDir.resolve("spike.commitments.txt").toString();
    for (int i = 0; i < lines.size(); i++) {
      assertThat(Files.readString(recoverDir.resolve(names.get(i)))).isEqualTo(lines.get(i));
      // the shards SPIKE's Go code made check out against the commitments our Nexus serves
      Pilot.Result verified =
          Pilot.run(
              env, null, lines.get(i), "operator", "verify-shard", "--commitments", commitments);
      assertThat(verified.code()).as(verified.err()).isZero();
      assertThat(verified.out()).contains("matches the commitments");
    }
  }
}
