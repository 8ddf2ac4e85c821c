package ist.spike.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.client.internal.NexusHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The policy routes ({@code /v1/acl/policy}). Obtain from {@link SpikeClient#policies()}. */
public final class Policies {
  private static final String PATH = "/v1/acl/policy";

  private final NexusHttp http;

  Policies(NexusHttp http) {
    this.http = http;
  }

  /**
   * Creates or replaces a policy by name.
   *
   * @param name unique name
   * @param spiffeIdPattern RE2 pattern for caller SPIFFE IDs
   * @param pathPattern RE2 pattern for paths
   * @param permissions permission names
   * @throws SpikeException if invalid ({@code api_bad_request}), not allowed, or unreachable
   */
  public void put(String name, String spiffeIdPattern, String pathPattern, List<String> permissions)
      throws SpikeException {
    ObjectNode body = http.object();
    body.put("name", requireNonNull(name, "name"));
    body.put("spiffeidPattern", requireNonNull(spiffeIdPattern, "spiffeIdPattern"));
    body.put("pathPattern", requireNonNull(pathPattern, "pathPattern"));
    ArrayNode perms = body.putArray("permissions");
    requireNonNull(permissions, "permissions").forEach(perms::add);
    http.postJson(PATH, body);
  }

  /**
   * Reads a policy.
   *
   * @param name the policy name
   * @return the policy, or empty if none has that name
   * @throws SpikeException if not allowed or unreachable
   */
  public Optional<Policy> get(String name) throws SpikeException {
    ObjectNode body = http.object();
    body.put("id", requireNonNull(name, "name"));
    JsonNode a;
    try {
      a = http.postJson(PATH + "?action=get", body);
    } catch (SpikeApiException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
    List<String> perms = new ArrayList<>();
    a.path("permissions").forEach(p -> perms.add(p.asText()));
    return Optional.of(
        new Policy(
            a.path("name").asText(),
            a.path("spiffiedPattern").asText(),
            a.path("pathPattern").asText(),
            perms,
            Secrets.time(a.get("createdAt")),
            Secrets.time(a.get("updatedAt"))));
  }

  /**
   * Deletes a policy.
   *
   * @param name the policy name
   * @throws SpikeException if absent ({@code api_not_found}), not allowed, or unreachable
   */
  public void delete(String name) throws SpikeException {
    ObjectNode body = http.object();
    body.put("id", requireNonNull(name, "name"));
    http.postJson(PATH + "?action=delete", body);
  }

  /**
   * Lists policy names, sorted. As SPIKE: a non-empty {@code spiffeIdPattern} keeps policies whose
   * pattern string-equals it, else a non-empty {@code pathPattern} does the same, else all.
   *
   * @param spiffeIdPattern filter, may be empty
   * @param pathPattern filter, may be empty
   * @return policy names
   * @throws SpikeException if not allowed or unreachable
   */
  public List<String> list(String spiffeIdPattern, String pathPattern) throws SpikeException {
    ObjectNode body = http.object();
    body.put("spiffeidPattern", spiffeIdPattern == null ? "" : spiffeIdPattern);
    body.put("pathPattern", pathPattern == null ? "" : pathPattern);
    JsonNode a = http.postJson(PATH + "?action=list", body);
    List<String> names = new ArrayList<>();
    a.path("policies").forEach(p -> names.add(p.path("name").asText()));
    return List.copyOf(names);
  }

  /** Lists every policy name, sorted. */
  public List<String> listAll() throws SpikeException {
    return list("", "");
  }
}
