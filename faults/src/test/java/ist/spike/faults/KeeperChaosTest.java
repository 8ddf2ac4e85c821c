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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keepers killed and restarted (empty: a Keeper holds its shard only in memory) at random while
 * Nexus is killed and restarted. Each round: Nexus becomes ready by itself exactly when at least
 * the threshold of Keepers still hold shards; otherwise it stays unready (it never serves with a
 * wrong key) until the operator restores it from recovery shards. Whenever it is ready it holds the
 * same root key as at the start (SPIKE's split is deterministic, so the recovery shards it hands
 * out are byte-identical exactly when the root key is), and it re-hydrates every Keeper.
 */
class KeeperChaosTest {
  private static final int ROUNDS = 3;

  @Test
  void randomKeeperKills_readyIffThresholdHoldsShards_rightKey_keepersRehydrated(@TempDir Path dir)
      throws Exception {
    long seed = Long.getLong("spike.faults.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println(
        "KeeperChaosTest seed " + seed + " (rerun with -Dspike.faults.seed=" + seed + ")");
    try (LocalStack stack = LocalStack.builder(dir).build().startAll(Duration.ofSeconds(120))) {
      Map<Integer, JsonNode> shards = recoverShards(stack);
      assertThat(shards).hasSize(stack.keepers());
      HttpClient asNexus =
          Mtls.client(
              stack.trust().sourceFor(SpikeRole.NEXUS),
              stack.trust().roles().verifierFor(SpikeRole.KEEPER));

      for (int round = 0; round < ROUNDS; round++) {
        // Round 0 always loses too many Keepers, so the restore path runs at least once.
        int kill =
            round == 0
                ? stack.keepers() - stack.threshold() + 1
                : random.nextInt(stack.keepers() + 1);
        List<Integer> order = new ArrayList<>();
        for (int k = 1; k <= stack.keepers(); k++) {
          order.add(k);
        }
        Collections.shuffle(order, random);
        List<Integer> killed = order.subList(0, kill);
        String what = "round " + round + " (seed " + seed + ", killed keepers " + killed + ")";

        stack.nexus().orElseThrow().kill();
        for (int k : killed) {
          stack.keeper(k).orElseThrow().kill();
          stack.startKeeper(k);
        }
        for (int k : killed) {
          LocalStack.awaitListening(
              stack.keeperPort(k), Duration.ofSeconds(60), stack.keeper(k).orElseThrow());
        }
        stack.startNexus();
        LocalStack.awaitListening(
            stack.nexusPort(), Duration.ofSeconds(60), stack.nexus().orElseThrow());
        int holding = stack.keepers() - kill;
        if (holding >= stack.threshold()) {
          assertThat(stack.awaitReady(Duration.ofSeconds(60)))
              .as(what + ": %d keepers hold shards, threshold %d", holding, stack.threshold())
              .isTrue();
        } else {
          Thread.sleep(3000);
          assertThat(stack.isReady())
              .as(what + ": only %d keepers hold shards, below the threshold", holding)
              .isFalse();
          assertThat(
                  new Nexus(stack, SpikeRole.PILOT_RECOVER)
                      .post("/v1/operator/recover", "{}")
                      .status())
              .as(what + ": no shards handed out while unready")
              .isNotEqualTo(200);
          restore(stack, shards);
          assertThat(stack.awaitReady(Duration.ofSeconds(30))).as(what + ": restored").isTrue();
        }
        assertThat(recoverShards(stack))
            .as(what + ": Nexus serves with the root key it had at the start")
            .isEqualTo(shards);
        await(what + ": every keeper re-hydrated")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> keepersHolding(stack, asNexus) == stack.keepers());
      }
    }
  }

  private static Map<Integer, JsonNode> recoverShards(LocalStack stack) throws Exception {
    Nexus recover = new Nexus(stack, SpikeRole.PILOT_RECOVER);
    Nexus.Reply r = recover.post("/v1/operator/recover", "{}");
    assertThat(r.status()).as("operator recover").isEqualTo(200);
    Map<Integer, JsonNode> shards = new java.util.TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = r.body().path("shards").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      shards.put(Integer.parseInt(e.getKey()), e.getValue());
    }
    return shards;
  }

  private static void restore(LocalStack stack, Map<Integer, JsonNode> shards) throws Exception {
    Nexus restore = new Nexus(stack, SpikeRole.PILOT_RESTORE);
    int sent = 0;
    for (Map.Entry<Integer, JsonNode> e : shards.entrySet()) {
      if (sent++ == stack.threshold()) {
        break;
      }
      Nexus.Reply r =
          restore.post(
              "/v1/operator/restore", "{\"id\":" + e.getKey() + ",\"shard\":" + e.getValue() + "}");
      assertThat(r.status()).as("restore shard %d: %s", e.getKey(), r.body()).isEqualTo(200);
    }
  }

  private static int keepersHolding(LocalStack stack, HttpClient asNexus) {
    int n = 0;
    for (String url : stack.keeperUrls()) {
      try {
        HttpResponse<Void> r =
            asNexus.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/store/shard"))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          n++;
        }
      } catch (Exception e) {
        // not reachable: not holding
      }
    }
    return n;
  }
}
