package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.identity.SpiffeId;
import ist.spike.nexus.store.BackendKind;
import ist.spike.testkit.Vectors;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays, in order, the data-plane requests recorded from SPIKE's own Nexus ({@code
 * spike-wire.json}, {@code nexus_routes}) against ours and compares statuses and bodies. Deliberate
 * differences (docs/differences-from-spike.md) are listed in {@link #DIFFERENT_STATUS}; bodies
 * holding timestamps are compared without them; our error bodies may add a {@code message} field.
 */
final class SpikeWireReplayTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Step → our status where SPIKE's is a defect (⚠bug) we fix. */
  private static final Map<String, Integer> DIFFERENT_STATUS =
      Map.of(
          "policy/get_missing", 404, // SPIKE: 500
          "policy/delete_missing", 404, // SPIKE: 500
          "policy/put_reserved_path_substring", 400, // SPIKE: 500
          "policy/put_invalid_regex", 400); // SPIKE: 500

  /** Steps whose bodies carry times (or SPIKE's version-0 metadata defect): status only. */
  private static final Set<String> STATUS_ONLY =
      Set.of("secret/metadata", "secret/metadata_v1", "policy/workload_metadata", "policy/get");

  @Test
  void replay_dataPlaneSteps_matchSpike(@TempDir Path dir) throws Exception {
    JsonNode routes = Vectors.json("spike-wire.json").get("nexus_routes");
    try (NexusHarness nexus = new NexusHarness(dir, BackendKind.SQLITE)) {
      Map<String, HttpClient> clients = new HashMap<>();
      int replayed = 0;
      for (JsonNode step : routes) {
        String name = step.get("step").asText();
        String peer = step.path("peer_spiffe_id").asText();
        if (name.startsWith("pre_init/")
            || name.startsWith("bootstrap/")
            || name.startsWith("operator/")
            || peer.isEmpty()
            || name.equals("routing/keeper_path_on_nexus")) {
          continue; // custody's routes, or no client certificate (refused at TLS by our server)
        }
        HttpClient http = clients.computeIfAbsent(peer, p -> nexus.http(SpiffeId.parse(p)));
        HttpRequest.Builder req =
            HttpRequest.newBuilder(nexus.uri().resolve(step.get("target").asText()))
                .timeout(Duration.ofSeconds(20));
        String body = step.path("request_body").asText("");
        if (step.get("method").asText().equals("POST")) {
          req.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
          req.GET();
        }
        if (step.hasNonNull("request_content_type")) {
          req.header("Content-Type", step.get("request_content_type").asText());
        }
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        int expected = DIFFERENT_STATUS.getOrDefault(name, step.get("status").asInt());
        assertThat(r.statusCode()).as("%s: %s", name, r.body()).isEqualTo(expected);
        assertThat(r.headers().firstValue("Cache-Control"))
            .hasValue("no-store, no-cache, must-revalidate, private");
        if (!STATUS_ONLY.contains(name) && !DIFFERENT_STATUS.containsKey(name)) {
          JsonNode ours = JSON.readTree(r.body());
          if (ours instanceof ObjectNode o) {
            o.remove("message");
          }
          assertThat(ours).as(name).isEqualTo(JSON.readTree(step.get("response_body").asText()));
        }
        replayed++;
      }
      assertThat(replayed).isGreaterThan(60);
    }
  }

  @Test
  void metadata_reportsRealVersionNumbers(@TempDir Path dir) throws Exception {
    try (NexusHarness nexus = new NexusHarness(dir, BackendKind.SQLITE)) {
      HttpClient su = nexus.http(nexus.td.idOf(ist.spike.identity.SpikeRole.PILOT_SUPERUSER));
      for (int i = 0; i < 2; i++) {
        NexusHarness.postJson(
            su,
            nexus.uri(),
            "/v1/store/secrets",
            "{\"path\":\"demo/app\",\"values\":{\"k\":\"v\"}}");
      }
      var r =
          NexusHarness.postJson(
              su, nexus.uri(), "/v1/store/secrets/metadata?action=get", "{\"path\":\"demo/app\"}");
      JsonNode m = JSON.readTree(r.body());
      assertThat(m.get("versions").get("1").get("version").asInt()).isEqualTo(1);
      assertThat(m.get("versions").get("2").get("version").asInt()).isEqualTo(2);
      assertThat(m.get("versions").get("2").get("deletedTime").isNull()).isTrue();
      assertThat(m.get("metadata").get("currentVersion").asInt()).isEqualTo(2);
      assertThat(m.get("metadata").get("maxVersions").asInt()).isEqualTo(10);
    }
  }
}
