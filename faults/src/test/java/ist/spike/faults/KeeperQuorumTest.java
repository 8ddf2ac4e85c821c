package ist.spike.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.bench.stack.LocalStack;
import ist.spike.bench.stack.Mtls;
import ist.spike.identity.SpikeRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeper quorum on real processes (2-of-3 Keepers, Nexus on SQLite): a Keeper given a wrong shard
 * (by the Bootstrap identity, which may contribute) no longer keeps a restarted Nexus down, and is
 * named and repaired; a Keeper restarted empty holds its shard again within two check intervals of
 * answering (measured from its first answer, and, with an allowance for its own cold start, from
 * when it listens).
 */
class KeeperQuorumTest {
  /** {@code SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL} of this stack. */
  static final Duration INTERVAL = Duration.ofSeconds(4);

  @TempDir static Path dir;
  static LocalStack stack;
  static Map<Integer, JsonNode> shards;
  static HttpClient asNexus;
  static HttpClient asBootstrap;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.builder(dir)
            .nexusEnv("SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", INTERVAL.toSeconds() + "s")
            .build()
            .startAll(Duration.ofSeconds(120));
    shards = recoverShards();
    assertThat(shards).hasSize(3);
    asNexus =
        Mtls.client(
            stack.trust().sourceFor(SpikeRole.NEXUS),
            stack.trust().roles().verifierFor(SpikeRole.KEEPER));
    asBootstrap =
        Mtls.client(
            stack.trust().sourceFor(SpikeRole.BOOTSTRAP),
            stack.trust().roles().verifierFor(SpikeRole.KEEPER));
    await("every keeper holds its shard")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> holdsRightShard(1) && holdsRightShard(2) && holdsRightShard(3));
  }

  @AfterAll
  static void stop() throws Exception {
    if (asNexus != null) {
      asNexus.close();
      asBootstrap.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void wrongShardOnKeeper1_nexusRestarted_readyFromTheOthers_keeper1NamedAndReseeded()
      throws Exception {
    stack.nexus().orElseThrow().kill();
    byte[] wrong = new byte[32];
    new SecureRandom().nextBytes(wrong);
    wrong[0] = 0x01; // a valid share value (below the group order), just not keeper 1's
    StringBuilder array = new StringBuilder("[");
    for (int i = 0; i < 32; i++) {
      array.append(i == 0 ? "" : ",").append(wrong[i] & 0xff);
    }
    String wrongJson = array.append(']').toString();
    HttpResponse<String> contributed =
        send(asBootstrap, 1, "/v1/store/contribute", "{\"shard\":" + wrongJson + ",\"index\":1}");
    assertThat(contributed.statusCode()).as(contributed.body()).isEqualTo(200);
    assertThat(heldShard(1)).as("keeper 1 now holds the wrong shard").isNotEqualTo(shards.get(1));

    long started = System.nanoTime();
    stack.startNexus();
    LocalStack.awaitListening(
        stack.nexusPort(), Duration.ofSeconds(60), stack.nexus().orElseThrow());
    assertThat(stack.awaitReady(Duration.ofSeconds(60)))
        .as("ready from keepers 2 and 3 although keeper 1 is wrong")
        .isTrue();
    System.out.println(
        "KeeperQuorumTest: Nexus ready "
            + Duration.ofNanos(System.nanoTime() - started).toMillis()
            + " ms after its process started, with keeper 1 holding a wrong shard");
    assertThat(recoverShards()).as("the right root key").isEqualTo(shards);
    await("keeper 1 re-seeded with its right shard")
        .atMost(INTERVAL.multipliedBy(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> holdsRightShard(1));
    String log = Files.readString(stack.nexus().orElseThrow().log(), StandardCharsets.UTF_8);
    String keeper1 = stack.keeperUrls().get(0);
    assertThat(log).contains("keeper " + keeper1 + " held a WRONG shard 1");
    assertThat(log).doesNotContain("REFUSED every root key");
    assertThat(log).as("no shard values in the log").doesNotContain(wrongJson);
    assertThat(log).doesNotContain(shards.get(1).toString());
  }

  @Test
  void keeper2RestartedEmpty_holdsItsShardAgainWithinTwoIntervals() throws Exception {
    assertThat(stack.awaitReady(Duration.ofSeconds(60))).isTrue();
    stack.keeper(2).orElseThrow().kill();
    stack.startKeeper(2);
    LocalStack.awaitListening(
        stack.keeperPort(2), Duration.ofSeconds(60), stack.keeper(2).orElseThrow());
    long listening = System.nanoTime();
    long answering = 0;
    long deadline = listening + Duration.ofSeconds(30).toNanos();
    boolean holds = false;
    while (!holds && System.nanoTime() < deadline) {
      Optional<HttpResponse<String>> r = tryFetch(2);
      if (r.isPresent() && answering == 0) {
        answering = System.nanoTime();
      }
      holds =
          r.isPresent()
              && r.get().statusCode() == 200
              && Nexus.JSON.readTree(r.get().body()).path("shard").equals(shards.get(2));
      if (!holds) {
        Thread.sleep(100);
      }
    }
    long done = System.nanoTime();
    assertThat(holds).as("keeper 2 holds its shard again").isTrue();
    Duration fromListening = Duration.ofNanos(done - listening);
    Duration fromAnswering = Duration.ofNanos(done - answering);
    System.out.println(
        "KeeperQuorumTest: empty keeper re-seeded "
            + fromListening.toMillis()
            + " ms after it was listening, "
            + fromAnswering.toMillis()
            + " ms after it first answered (check interval "
            + INTERVAL.toMillis()
            + " ms)");
    // Nexus's part: from the Keeper's first answer (its own cold start, TLS included, is not).
    assertThat(fromAnswering)
        .as("nexus log:\n%s", stack.nexus().orElseThrow().logTail(30))
        .isLessThanOrEqualTo(INTERVAL.multipliedBy(2));
    // The whole restart, with a generous allowance for a cold JVM on a loaded machine.
    assertThat(fromListening).isLessThanOrEqualTo(INTERVAL.multipliedBy(2).plusSeconds(10));
  }

  /** Asks a Keeper for its shard as Nexus; empty when it does not answer. */
  private static Optional<HttpResponse<String>> tryFetch(int keeper) {
    try {
      return Optional.of(send(asNexus, keeper, "/v1/store/shard", "{}"));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static boolean holdsRightShard(int keeper) {
    return heldShard(keeper).map(s -> s.equals(shards.get(keeper))).orElse(false);
  }

  /** The shard a Keeper holds, as Nexus fetches it; empty when none or unreachable. */
  private static Optional<JsonNode> heldShard(int keeper) {
    try {
      HttpResponse<String> r = send(asNexus, keeper, "/v1/store/shard", "{}");
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(Nexus.JSON.readTree(r.body()).path("shard"));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static HttpResponse<String> send(HttpClient client, int keeper, String path, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(stack.keeperUrls().get(keeper - 1) + path))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Map<Integer, JsonNode> recoverShards() throws Exception {
    Nexus.Reply r = new Nexus(stack, SpikeRole.PILOT_RECOVER).post("/v1/operator/recover", "{}");
    assertThat(r.status()).as("operator recover").isEqualTo(200);
    Map<Integer, JsonNode> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = r.body().path("shards").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(Integer.parseInt(e.getKey()), e.getValue());
    }
    return out;
  }
}
