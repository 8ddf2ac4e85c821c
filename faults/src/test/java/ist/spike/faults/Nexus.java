package ist.spike.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.bench.stack.LocalStack;
import ist.spike.bench.stack.Mtls;
import ist.spike.identity.SpikeRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A superuser's view of Nexus over mTLS: raw status codes and bodies, no retries. */
final class Nexus {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final URI base;

  Nexus(LocalStack stack) {
    this(stack, SpikeRole.PILOT_SUPERUSER);
  }

  Nexus(LocalStack stack, SpikeRole role) {
    this.http =
        Mtls.client(
            stack.trust().sourceFor(role), stack.trust().roles().verifierFor(SpikeRole.NEXUS));
    this.base = stack.nexusUrl();
  }

  /** A response: status and parsed JSON body (empty object when not JSON). */
  record Reply(int status, JsonNode body) {
    String err() {
      return body.path("err").asText("");
    }
  }

  Reply put(String path, String key, String value) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("path", path);
    body.putObject("values").put(key, value);
    return post("/v1/store/secrets", body.toString());
  }

  Reply get(String path) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("path", path);
    return post("/v1/store/secrets?action=get", body.toString());
  }

  Reply post(String pathAndQuery, String json) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    JsonNode node;
    try {
      node = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      node = JSON.createObjectNode().put("raw", new String(r.body(), StandardCharsets.UTF_8));
    }
    return new Reply(r.statusCode(), node);
  }
}
