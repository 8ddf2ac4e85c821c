package ist.spike.client;

import static java.util.Objects.requireNonNull;

import ist.spike.api.policy.PolicyDeleteRequest;
import ist.spike.api.policy.PolicyDeleteResponse;
import ist.spike.api.policy.PolicyListItem;
import ist.spike.api.policy.PolicyListRequest;
import ist.spike.api.policy.PolicyListResponse;
import ist.spike.api.policy.PolicyPutRequest;
import ist.spike.api.policy.PolicyPutResponse;
import ist.spike.api.policy.PolicyReadRequest;
import ist.spike.api.policy.PolicyReadResponse;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikeNotFoundException;
import ist.spike.client.transport.NexusEndpoints;
import ist.spike.client.transport.SpikeTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The policy routes ({@code /v1/acl/policy}). Obtain from {@link SpikeClient#policies()}. */
public final class Policies {
  private static final String PATH = "/v1/acl/policy";

  private final SpikeTransport transport;
  private final NexusEndpoints base;

  Policies(SpikeTransport transport, NexusEndpoints base) {
    this.transport = transport;
    this.base = base;
  }

  /**
   * Creates or replaces a policy by name.
   *
   * @param name unique name
   * @param spiffeIdPattern RE2 pattern for caller SPIFFE IDs
   * @param pathPattern RE2 pattern for paths
   * @param permissions permission names
   * @throws SpikeException if invalid ({@code SpikeBadRequestException}, with the rule), not
   *     allowed, or unreachable
   */
  public void put(String name, String spiffeIdPattern, String pathPattern, List<String> permissions)
      throws SpikeException {
    base.call(
        NexusEndpoints.Resend.SAFE,
        u ->
            transport.postJson(
                u,
                PATH,
                PolicyPutRequest.of(
                    requireNonNull(name, "name"),
                    requireNonNull(spiffeIdPattern, "spiffeIdPattern"),
                    requireNonNull(pathPattern, "pathPattern"),
                    List.copyOf(permissions)),
                PolicyPutResponse.class));
  }

  /**
   * Reads a policy.
   *
   * @param name the policy name
   * @return the policy, or empty if none has that name
   * @throws SpikeException if not allowed or unreachable
   */
  public Optional<Policy> get(String name) throws SpikeException {
    PolicyReadResponse a;
    try {
      a =
          base.call(
              NexusEndpoints.Resend.SAFE,
              u ->
                  transport.postJson(
                      u,
                      PATH + "?action=get",
                      PolicyReadRequest.of(requireNonNull(name, "name")),
                      PolicyReadResponse.class));
    } catch (SpikeNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(
        new Policy(
            a.name(),
            a.spiffiedPattern(),
            a.pathPattern(),
            a.permissions() == null ? List.of() : a.permissions(),
            a.createdAt(),
            a.updatedAt()));
  }

  /**
   * Deletes a policy.
   *
   * @param name the policy name
   * @throws SpikeException if absent ({@code SpikeNotFoundException}), not allowed, or unreachable
   */
  public void delete(String name) throws SpikeException {
    base.call(
        NexusEndpoints.Resend.SAFE,
        u ->
            transport.postJson(
                u,
                PATH + "?action=delete",
                PolicyDeleteRequest.of(requireNonNull(name, "name")),
                PolicyDeleteResponse.class));
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
    PolicyListResponse r =
        base.call(
            NexusEndpoints.Resend.SAFE,
            u ->
                transport.postJson(
                    u,
                    PATH + "?action=list",
                    PolicyListRequest.of(
                        spiffeIdPattern == null ? "" : spiffeIdPattern,
                        pathPattern == null ? "" : pathPattern),
                    PolicyListResponse.class));
    List<String> names = new ArrayList<>();
    if (r.policies() != null) {
      for (PolicyListItem item : r.policies()) {
        names.add(item.name());
      }
    }
    return List.copyOf(names);
  }

  /** Lists every policy name, sorted. */
  public List<String> listAll() throws SpikeException {
    return list("", "");
  }
}
