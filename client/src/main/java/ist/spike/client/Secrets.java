package ist.spike.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.client.internal.NexusHttp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The secret routes ({@code /v1/store/secrets}). Obtain from {@link SpikeClient#secrets()}.
 * Thread-safe.
 */
public final class Secrets {
  private static final String PATH = "/v1/store/secrets";

  private final NexusHttp http;

  Secrets(NexusHttp http) {
    this.http = http;
  }

  /**
   * Writes a new version of a secret.
   *
   * @param path the secret path
   * @param values the key/value pairs
   * @throws SpikeException if Nexus refuses (bad path or key: {@code api_bad_request}; not allowed:
   *     {@code access_unauthorized}) or cannot be reached
   */
  public void put(String path, Map<String, String> values) throws SpikeException {
    http.postJson(PATH, putBody(path, values));
  }

  /**
   * Writes a new version only if {@code expectedVersion} is still the current version
   * (check-and-set; 0 = the secret must not exist or have no live version). Not in SPIKE.
   *
   * @param path the secret path
   * @param values the key/value pairs
   * @param expectedVersion the current version the caller last saw
   * @throws SpikeApiException with {@link SpikeApiException#isConflict()} if another write came
   *     first; nothing was written
   * @throws SpikeException for other failures
   */
  public void putIfCurrent(String path, Map<String, String> values, int expectedVersion)
      throws SpikeException {
    ObjectNode body = putBody(path, values);
    body.put("cas", expectedVersion);
    http.postJson(PATH, body);
  }

  private ObjectNode putBody(String path, Map<String, String> values) {
    requireNonNull(path, "path");
    requireNonNull(values, "values");
    ObjectNode body = http.object();
    body.put("path", path);
    ObjectNode v = body.putObject("values");
    new TreeMap<>(values).forEach(v::put);
    return body;
  }

  /**
   * Reads the current version.
   *
   * @param path the secret path
   * @return the values, or empty if the secret or its current version does not exist
   * @throws SpikeException if not allowed or Nexus cannot be reached
   */
  public Optional<Map<String, String>> get(String path) throws SpikeException {
    return get(path, 0);
  }

  /**
   * Reads a version.
   *
   * @param path the secret path
   * @param version the version, 0 for the current one
   * @return the values (sorted by key), or empty if that version does not exist or is deleted
   * @throws SpikeException if not allowed or Nexus cannot be reached
   */
  public Optional<Map<String, String>> get(String path, int version) throws SpikeException {
    ObjectNode body = http.object();
    body.put("path", requireNonNull(path, "path"));
    body.put("version", version);
    JsonNode answer;
    try {
      answer = http.postJson(PATH + "?action=get", body);
    } catch (SpikeApiException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
    Map<String, String> values = new TreeMap<>();
    JsonNode data = answer.get("data");
    if (data != null && data.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        values.put(e.getKey(), e.getValue().asText());
      }
    }
    return Optional.of(values);
  }

  /**
   * Soft-deletes versions.
   *
   * @param path the secret path
   * @param versions the versions; none means the current one, 0 stands for the current one
   * @throws SpikeException if the secret does not exist ({@code api_not_found}), not allowed, or
   *     Nexus cannot be reached
   */
  public void delete(String path, List<Integer> versions) throws SpikeException {
    http.postJson(PATH + "?action=delete", versionsBody(path, versions));
  }

  /**
   * Restores soft-deleted versions.
   *
   * @param path the secret path
   * @param versions the versions; none means the current one (or the highest deleted one)
   * @throws SpikeException if nothing was restored ({@code api_not_found}), not allowed, or Nexus
   *     cannot be reached
   */
  public void undelete(String path, List<Integer> versions) throws SpikeException {
    http.postJson(PATH + "?action=undelete", versionsBody(path, versions));
  }

  private ObjectNode versionsBody(String path, List<Integer> versions) {
    ObjectNode body = http.object();
    body.put("path", requireNonNull(path, "path"));
    ArrayNode list = body.putArray("versions");
    for (Integer v : requireNonNull(versions, "versions")) {
      list.add(requireNonNull(v, "version"));
    }
    return body;
  }

  /**
   * Lists every secret path, sorted.
   *
   * @return the paths (empty when none, also when Nexus answers 404 as SPIKE's SDK does)
   * @throws SpikeException if not allowed or Nexus cannot be reached
   */
  public List<String> list() throws SpikeException {
    JsonNode answer;
    try {
      answer = http.postJson(PATH + "?action=list", http.object());
    } catch (SpikeApiException e) {
      if (e.isNotFound()) {
        return List.of();
      }
      throw e;
    }
    List<String> keys = new ArrayList<>();
    JsonNode arr = answer.get("keys");
    if (arr != null && arr.isArray()) {
      arr.forEach(k -> keys.add(k.asText()));
    }
    return List.copyOf(keys);
  }

  /**
   * Reads a secret's metadata.
   *
   * @param path the secret path
   * @param version the version that must exist and be live, 0 for the current one
   * @return the metadata, or empty if that version does not exist or is deleted
   * @throws SpikeException if not allowed or Nexus cannot be reached
   */
  public Optional<SecretMetadata> metadata(String path, int version) throws SpikeException {
    ObjectNode body = http.object();
    body.put("path", requireNonNull(path, "path"));
    body.put("version", version);
    JsonNode answer;
    try {
      answer = http.postJson(PATH + "/metadata?action=get", body);
    } catch (SpikeApiException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
    JsonNode m = answer.path("metadata");
    TreeMap<Integer, SecretMetadata.Version> versions = new TreeMap<>();
    JsonNode vs = answer.get("versions");
    if (vs != null && vs.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = vs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        int number = v.path("version").asInt(0);
        if (number == 0) {
          number = Integer.parseInt(e.getKey());
        }
        versions.put(
            number,
            new SecretMetadata.Version(
                number,
                time(v.get("createdTime")),
                Optional.ofNullable(timeOrNull(v.get("deletedTime")))));
      }
    }
    return Optional.of(
        new SecretMetadata(
            m.path("currentVersion").asInt(),
            m.path("oldestVersion").asInt(),
            time(m.get("createdTime")),
            time(m.get("updatedTime")),
            m.path("maxVersions").asInt(),
            versions));
  }

  static OffsetDateTime time(JsonNode node) {
    OffsetDateTime t = timeOrNull(node);
    return t == null ? OffsetDateTime.parse("0001-01-01T00:00:00Z") : t;
  }

  static OffsetDateTime timeOrNull(JsonNode node) {
    if (node == null || node.isNull() || node.asText().isEmpty()) {
      return null;
    }
    return OffsetDateTime.parse(node.asText());
  }
}
