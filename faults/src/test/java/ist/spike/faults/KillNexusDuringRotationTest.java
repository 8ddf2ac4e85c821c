package ist.spike.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.bench.stack.LocalStack;
import ist.spike.identity.SpikeRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kill -9} of Nexus at five random points of root-key rotation (issue 16, ADR-0162), on the
 * {@link SharedStack} (real Keeper and Nexus processes, SQLite). The store holds secrets with
 * several versions, policies, named transit keys with cipher texts, and SPIKE-format {@code
 * /v1/cipher/encrypt} cipher texts made before the first rotation. The stack's rotation is slowed
 * (a pause after each recorded step, a small re-seal batch) so that kills can be aimed: the five
 * kill points are drawn from a seeded {@link Random} (seed printed; {@code -Dspike.faults.seed=N}
 * repeats a run), at least one in each of pending, delivering and resealing, each at a random step
 * inside its phase. After each restart the Nexus log says which phase the store had recorded at the
 * kill; a pending rotation is rolled back and a later one resumed (ADR-0162), and every stored
 * value reads back exactly. {@code spike operator recover} is refused while a rotation is
 * unfinished. At the end a further rotation completes, everything still reads, and recover hands
 * out new shards.
 */
@ExtendWith(SharedStack.class)
@Order(1) // first on the shared stack: other tests' rows would lengthen each re-seal
class KillNexusDuringRotationTest {
  static final int PATHS = 12;
  static final int VERSIONS = 3;
  static final int KILLS = 5;
  static final List<String> PHASES = List.of("pending", "delivering", "resealing");

  /** What Nexus logs (WARN) when it activates a key while a rotation is unfinished. */
  private static final Pattern INTERRUPTED =
      Pattern.compile("a root-key rotation to generation (\\d+) was interrupted in phase (\\w+)");

  @Test
  void kill9AtFiveRandomPointsOfRotation_eachRestartRollsBackOrResumes_allDataReadsBack(
      LocalStack stack) throws Exception {
    long seed = Long.getLong("spike.faults.seed", System.nanoTime());
    System.out.println(
        "KillNexusDuringRotationTest: seed "
            + seed
            + " (repeat with -Dspike.faults.seed="
            + seed
            + ")");
    Random random = new Random(seed);
    long started = System.nanoTime();
    try {
      Nexus nexus = new Nexus(stack);
      Nexus recoverer = new Nexus(stack, SpikeRole.PILOT_RECOVER);
      assertThat(status(nexus).running()).as("no rotation before the test").isFalse();
      StoredData data = StoredData.seed(nexus, random);
      long seeded = System.nanoTime();
      data.assertReadsBack(nexus, "before any rotation");
      System.out.println(
          "KillNexusDuringRotationTest: data stored in "
              + Duration.ofNanos(seeded - started).toMillis()
              + " ms; reading it all back takes "
              + Duration.ofNanos(System.nanoTime() - seeded).toMillis()
              + " ms");
      Nexus.Reply firstShards = recoverer.post("/v1/operator/recover", "{}");
      assertThat(firstShards.status()).as("recover before the rotations").isEqualTo(200);

      List<String> plan = plan(random);
      System.out.println("KillNexusDuringRotationTest: aimed at " + plan);
      List<String> hit = new ArrayList<>();
      boolean recoverRefusedSeen = false;
      for (String target : plan) {
        Status at = awaitKillPoint(nexus, target, random);
        if (!recoverRefusedSeen && !at.phase().equals("pending")) {
          Nexus.Reply refused = recoverer.post("/v1/operator/recover", "{}");
          assertThat(refused.status())
              .as("recover during %s: %s", at, refused.body())
              .isEqualTo(409);
          assertThat(refused.body().path("message").asText())
              .contains("spike operator rotate --status` says done")
              .contains("spike operator recover");
          assertThat(refused.body().has("shards")).isFalse();
          recoverRefusedSeen = true;
          at = status(nexus);
        }
        Path log = stack.nexus().orElseThrow().log();
        long logMark = Files.size(log);
        stack.nexus().orElseThrow().kill();
        long killed = System.nanoTime();
        stack.startNexus();
        assertThat(stack.awaitReady(Duration.ofSeconds(60)))
            .as("Nexus recovers its key from the Keepers after a kill in %s", at)
            .isTrue();
        long restartMillis = Duration.ofNanos(System.nanoTime() - killed).toMillis();
        String phase = phaseAtKill(log, logMark, at);
        hit.add(phase);
        System.out.println(
            "KillNexusDuringRotationTest: kill aimed at "
                + target
                + ", status just before it: "
                + at
                + "; the store had recorded "
                + phase
                + "; ready again "
                + restartMillis
                + " ms after the kill");
        if (phase.equals("pending")) {
          Status after = awaitNotPending(nexus);
          assertThat(after.running()).as("a pending rotation is rolled back: %s", after).isFalse();
          assertThat(after.generation()).isEqualTo(at.to() - 1);
        } else if (!phase.equals("done")) {
          Status after = status(nexus);
          assertThat(after.to())
              .as("the rotation is resumed, not dropped: %s", after)
              .isEqualTo(at.to());
          assertThat(after.phase()).isIn("delivering", "resealing", "done");
        }
        data.assertReadsBack(nexus, "after the kill in " + phase);
      }
      System.out.println("KillNexusDuringRotationTest: kills hit " + hit);
      assertThat(new LinkedHashSet<>(hit))
          .as("distinct phases the kills hit")
          .hasSizeGreaterThanOrEqualTo(3);
      assertThat(recoverRefusedSeen).as("recover was tried during a rotation").isTrue();

      Status finished = awaitDone(nexus);
      Nexus.Reply again = nexus.post("/v1/operator/rotate", "{}");
      assertThat(again.status()).as("a further rotate: %s", again.body()).isEqualTo(202);
      Status second = awaitGeneration(nexus, finished.generation() + 1);
      data.assertReadsBack(nexus, "after the final rotation to generation " + second.generation());
      Nexus.Reply lastShards = recoverer.post("/v1/operator/recover", "{}");
      assertThat(lastShards.status()).as("recover after the rotations").isEqualTo(200);
      assertThat(lastShards.body().path("shards"))
          .as("recover hands out the new key's shards")
          .isNotEqualTo(firstShards.body().path("shards"));
    } finally {
      leaveNexusReady(stack);
      System.out.println(
          "KillNexusDuringRotationTest: "
              + Duration.ofNanos(System.nanoTime() - started).toMillis()
              + " ms wall (the shared stack's start not included)");
    }
  }

  /** The shared stack's next test finds Nexus running and ready, whatever happened here. */
  private static void leaveNexusReady(LocalStack stack) throws Exception {
    if (stack.nexus().map(c -> !c.isAlive()).orElse(true)) {
      stack.startNexus();
    }
    stack.awaitReady(Duration.ofSeconds(60));
  }

  /** Five phases to aim at, in the order a rotation passes them: each phase once, two more. */
  static List<String> plan(Random random) {
    List<String> plan = new ArrayList<>(PHASES);
    for (int i = PHASES.size(); i < KILLS; i++) {
      // a kill in delivering is resumed at once, faster than the checks after a restart: at most
      // one there, the extra ones go to pending (rolled back, started again) or resealing
      plan.add(random.nextBoolean() ? "pending" : "resealing");
    }
    plan.sort((a, b) -> Integer.compare(PHASES.indexOf(a), PHASES.indexOf(b)));
    return plan;
  }

  /**
   * Polls the status route until the rotation is in {@code target} at a random step of it (a random
   * number of Keepers delivered, of re-seal batches done); starts a rotation when none runs (at
   * first, after a roll-back, or when the last one finished before its kill); gives up aiming when
   * the rotation has passed the phase, and kills where it is.
   */
  static Status awaitKillPoint(Nexus nexus, String target, Random random) throws Exception {
    int steps =
        switch (target) {
          case "delivering" -> random.nextInt(3);
          case "resealing" -> random.nextInt(3) * SharedStack.RESEAL_BATCH;
          default -> 0;
        };
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Status s = status(nexus);
    while (System.nanoTime() < deadline) {
      int at = PHASES.indexOf(s.phase());
      int aim = PHASES.indexOf(target);
      boolean inTarget =
          at == aim
              && switch (target) {
                case "delivering" -> s.delivered() >= steps;
                case "resealing" -> s.resealed() >= steps;
                default -> true;
              };
      if (inTarget || (s.running() && at > aim)) {
        return s;
      }
      if (!s.running()) {
        Nexus.Reply r = nexus.post("/v1/operator/rotate", "{}");
        assertThat(r.status()).as("rotate: %s", r.body()).isIn(202, 409);
      }
      Thread.sleep(10);
      s = status(nexus);
    }
    throw new AssertionError("the rotation did not reach " + target + " in 30 s; last " + s);
  }

  /**
   * The phase the store had recorded when Nexus was killed, from the restarted Nexus's log: it
   * names an interrupted rotation when it activates its key; "done" when it names none (the
   * rotation finished just before the kill).
   */
  static String phaseAtKill(Path log, long mark, Status before) throws Exception {
    Matcher m = INTERRUPTED.matcher(since(log, mark));
    if (!m.find()) {
      return "done";
    }
    assertThat(Integer.parseInt(m.group(1))).as("generation in the log").isEqualTo(before.to());
    return m.group(2).toLowerCase(Locale.ROOT);
  }

  /** The status once a roll-back has run (it runs just after the key is installed). */
  static Status awaitNotPending(Nexus nexus) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Status s = status(nexus);
    while (s.phase().equals("pending") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      s = status(nexus);
    }
    return s;
  }

  private static String since(Path log, long mark) throws Exception {
    byte[] all = Files.readAllBytes(log);
    return new String(all, (int) mark, all.length - (int) mark, StandardCharsets.UTF_8);
  }

  static Status awaitDone(Nexus nexus) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Status s = status(nexus);
    while (s.running() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      s = status(nexus);
    }
    assertThat(s.running()).as("rotation finished: %s", s).isFalse();
    return s;
  }

  /** Waits until {@code generation} is active and no rotation runs. */
  static Status awaitGeneration(Nexus nexus, int generation) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Status s = status(nexus);
    while ((s.running() || s.generation() < generation) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      s = status(nexus);
    }
    assertThat(s.running()).as("rotation finished: %s", s).isFalse();
    assertThat(s.generation()).as("active generation").isEqualTo(generation);
    return s;
  }

  static Status status(Nexus nexus) throws Exception {
    Nexus.Reply r = nexus.post("/v1/operator/rotate?action=status", "{}");
    assertThat(r.status()).as("rotate status: %s", r.body()).isEqualTo(200);
    JsonNode b = r.body();
    return new Status(
        b.path("generation").asInt(),
        b.path("to").asInt(),
        b.path("phase").asText(""),
        b.path("delivered").asInt(),
        b.path("resealed").asLong());
  }

  /** The status route's answer. */
  record Status(int generation, int to, String phase, int delivered, long resealed) {
    boolean running() {
      return !phase.isEmpty() && !phase.equals("done");
    }

    @Override
    public String toString() {
      return phase.isEmpty()
          ? "generation " + generation + ", no rotation"
          : "generation "
              + generation
              + " -> "
              + to
              + " "
              + phase
              + " (keepers "
              + delivered
              + ", rows "
              + resealed
              + ")";
    }
  }

  /** What the test stored, with what each read must answer. */
  static final class StoredData {
    final Map<String, List<String>> secrets = new LinkedHashMap<>();
    final Map<String, JsonNode> policies = new LinkedHashMap<>();
    final List<String[]> transit = new ArrayList<>(); // name, ciphertext, plaintext (base64)
    final List<Map.Entry<ObjectNode, byte[]>> spikeCipherTexts = new ArrayList<>();

    static StoredData seed(Nexus nexus, Random random) throws Exception {
      StoredData d = new StoredData();
      for (int i = 0; i < PATHS; i++) {
        String path = "rotation/app-" + i + "/db";
        List<String> versions = new ArrayList<>();
        for (int v = 1; v <= VERSIONS; v++) {
          byte[] value = new byte[24];
          random.nextBytes(value);
          String hex = HexFormat.of().formatHex(value);
          Nexus.Reply r = nexus.put(path, "value", hex);
          assertThat(r.status()).as("put %s: %s", path, r.body()).isEqualTo(200);
          versions.add(hex);
        }
        d.secrets.put(path, Collections.unmodifiableList(versions));
      }
      for (int i = 0; i < 4; i++) {
        ObjectNode p = Nexus.JSON.createObjectNode();
        p.put("name", "rotation-policy-" + i);
        p.put("spiffeidPattern", "^spiffe://example\\.org/app-" + i + "$");
        p.put("pathPattern", "^rotation/app-" + i + "/.*$");
        p.putArray("permissions").add("read").add(i % 2 == 0 ? "list" : "write");
        Nexus.Reply put = nexus.post("/v1/acl/policy", p.toString());
        assertThat(put.status()).as("policy put: %s", put.body()).isEqualTo(200);
        String id = "rotation-policy-" + i; // SPIKE reads a policy by its name, sent as "id"
        Nexus.Reply got = nexus.post("/v1/acl/policy?action=get", "{\"id\":\"" + id + "\"}");
        assertThat(got.status()).as("policy get: %s", got.body()).isEqualTo(200);
        assertThat(got.body().path("pathPattern").asText())
            .isEqualTo("^rotation/app-" + i + "/.*$");
        d.policies.put(id, got.body());
      }
      for (String name : List.of("rotation-a", "rotation-b")) {
        Nexus.Reply created = nexus.post("/v1/transit/keys", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as("transit create: %s", created.body()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
          if (name.equals("rotation-a") && i == 1) {
            Nexus.Reply rotated =
                nexus.post("/v1/transit/keys?action=rotate", "{\"name\":\"" + name + "\"}");
            assertThat(rotated.status()).as("transit rotate: %s", rotated.body()).isEqualTo(200);
          }
          byte[] plain = new byte[20];
          random.nextBytes(plain);
          String b64 = Base64.getEncoder().encodeToString(plain);
          Nexus.Reply enc =
              nexus.post(
                  "/v1/transit/encrypt",
                  "{\"name\":\"" + name + "\",\"plaintext\":\"" + b64 + "\"}");
          assertThat(enc.status()).as("transit encrypt: %s", enc.body()).isEqualTo(200);
          d.transit.add(new String[] {name, enc.body().path("ciphertext").asText(), b64});
        }
      }
      for (int i = 0; i < 3; i++) {
        byte[] plain = new byte[16 + i * 7];
        random.nextBytes(plain);
        ObjectNode body = Nexus.JSON.createObjectNode();
        body.put("plaintext", plain);
        Nexus.Reply enc = nexus.post("/v1/cipher/encrypt", body.toString());
        assertThat(enc.status()).as("cipher encrypt: %s", enc.body()).isEqualTo(200);
        ObjectNode decrypt = Nexus.JSON.createObjectNode();
        decrypt.put("version", enc.body().path("version").asInt());
        decrypt.put("nonce", enc.body().path("nonce").asText());
        decrypt.put("ciphertext", enc.body().path("ciphertext").asText());
        d.spikeCipherTexts.add(Map.entry(decrypt, plain));
      }
      return d;
    }

    void assertReadsBack(Nexus nexus, String when) throws Exception {
      for (Map.Entry<String, List<String>> e : secrets.entrySet()) {
        for (int v = 1; v <= e.getValue().size(); v++) {
          Nexus.Reply r =
              nexus.post(
                  "/v1/store/secrets?action=get",
                  "{\"path\":\"" + e.getKey() + "\",\"version\":" + v + "}");
          assertThat(r.status()).as("%s: %s v%s: %s", when, e.getKey(), v, r.body()).isEqualTo(200);
          assertThat(r.body().path("data").path("value").asText())
              .as("%s: %s v%s reads back exactly", when, e.getKey(), v)
              .isEqualTo(e.getValue().get(v - 1));
        }
      }
      for (Map.Entry<String, JsonNode> e : policies.entrySet()) {
        Nexus.Reply r = nexus.post("/v1/acl/policy?action=get", "{\"id\":\"" + e.getKey() + "\"}");
        assertThat(r.status()).as("%s: policy %s", when, e.getKey()).isEqualTo(200);
        assertThat(r.body())
            .as("%s: policy %s reads back exactly", when, e.getKey())
            .isEqualTo(e.getValue());
      }
      for (String[] t : transit) {
        Nexus.Reply r =
            nexus.post(
                "/v1/transit/decrypt",
                "{\"name\":\"" + t[0] + "\",\"ciphertext\":\"" + t[1] + "\"}");
        assertThat(r.status()).as("%s: transit %s: %s", when, t[0], r.body()).isEqualTo(200);
        assertThat(r.body().path("plaintext").asText())
            .as("%s: transit %s decrypts exactly", when, t[0])
            .isEqualTo(t[2]);
      }
      for (Map.Entry<ObjectNode, byte[]> c : spikeCipherTexts) {
        Nexus.Reply r = nexus.post("/v1/cipher/decrypt", c.getKey().toString());
        assertThat(r.status()).as("%s: SPIKE cipher text: %s", when, r.body()).isEqualTo(200);
        assertThat(Base64.getDecoder().decode(r.body().path("plaintext").asText()))
            .as("%s: SPIKE cipher text made before the first rotation decrypts exactly", when)
            .isEqualTo(c.getValue());
      }
    }
  }
}
