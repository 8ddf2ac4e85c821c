package ist.spike.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.secret.SecretDeleteRequest;
import ist.spike.api.secret.SecretDeleteResponse;
import ist.spike.api.secret.SecretDestroyRequest;
import ist.spike.api.secret.SecretDestroyResponse;
import ist.spike.api.secret.SecretGetRequest;
import ist.spike.api.secret.SecretGetResponse;
import ist.spike.api.secret.SecretListRequest;
import ist.spike.api.secret.SecretListResponse;
import ist.spike.api.secret.SecretMetadataPutRequest;
import ist.spike.api.secret.SecretMetadataPutResponse;
import ist.spike.api.secret.SecretMetadataRequest;
import ist.spike.api.secret.SecretMetadataResponse;
import ist.spike.api.secret.SecretPutRequest;
import ist.spike.api.secret.SecretPutResponse;
import ist.spike.api.secret.SecretUndeleteRequest;
import ist.spike.api.secret.SecretUndeleteResponse;
import ist.spike.api.secret.SecretVersionInfo;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikeNotFoundException;
import ist.spike.client.error.SpikeProtocolException;
import ist.spike.client.transport.NexusEndpoints;
import ist.spike.client.transport.SpikeTransport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The secret routes ({@code /v1/store/secrets}). Obtain from {@link SpikeClient#secrets()}.
 * Thread-safe. Failures are {@link SpikeException} subclasses from {@code ist.spike.client.error}.
 */
public final class Secrets {
  private static final String PATH = "/v1/store/secrets";

  private final SpikeTransport transport;
  private final NexusEndpoints base;
  private final SecretCache cache; // null: no cache

  Secrets(SpikeTransport transport, NexusEndpoints base) {
    this(transport, base, null);
  }

  Secrets(SpikeTransport transport, NexusEndpoints base, SecretCache cache) {
    this.transport = transport;
    this.base = base;
    this.cache = cache;
  }

  private void invalidate(String path) {
    if (cache != null) {
      cache.invalidate(path);
    }
  }

  /** Put body with the check-and-set extension (not in SPIKE). */
  @JsonPropertyOrder({"path", "values", "cas"})
  record CasPutRequest(
      String path,
      Map<String, String> values,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer cas) {
    @Override
    public String toString() {
      return "CasPutRequest[path=" + path + ", values=(redacted), cas=" + cas + "]";
    }
  }

  /**
   * Writes a new version of a secret.
   *
   * @param path the secret path
   * @param values the key/value pairs
   * @throws SpikeException if Nexus refuses (bad path or key: {@code SpikeBadRequestException}; not
   *     allowed: {@code SpikeUnauthorizedException}) or cannot be reached
   */
  public void put(String path, Map<String, String> values) throws SpikeException {
    requireNonNull(path, "path");
    requireNonNull(values, "values");
    base.call(
        NexusEndpoints.Resend.ONLY_IF_NOT_SENT,
        u ->
            transport.postJson(
                u,
                PATH,
                SecretPutRequest.of(path, new TreeMap<>(values)),
                SecretPutResponse.class));
    invalidate(path);
  }

  /**
   * Writes a new version only if {@code expectedVersion} is still the current version
   * (check-and-set; 0 = the secret must not exist or have no live version). Not in SPIKE.
   *
   * @param path the secret path
   * @param values the key/value pairs
   * @param expectedVersion the current version the caller last saw
   * @throws SpikeConflictException if another write came first; nothing was written
   * @throws SpikeException for other failures
   */
  public void putIfCurrent(String path, Map<String, String> values, int expectedVersion)
      throws SpikeException {
    requireNonNull(path, "path");
    requireNonNull(values, "values");
    try {
      base.call(
          NexusEndpoints.Resend.SAFE,
          u ->
              transport.postJson(
                  u,
                  PATH,
                  new CasPutRequest(path, new TreeMap<>(values), expectedVersion),
                  SecretPutResponse.class));
      invalidate(path);
    } catch (SpikeProtocolException e) {
      if (e.httpStatus().orElse(0) == 409) {
        throw new SpikeConflictException(e.getMessage().replace(" (unexpected status)", ""));
      }
      throw e;
    }
  }

  /**
   * Reads the current version; with {@link SpikeClient.Builder#cache} enabled, through the cache
   * (an answer at most the cache's TTL old).
   *
   * @param path the secret path
   * @return the values, or empty if the secret or its current version does not exist
   * @throws SpikeException if not allowed or Nexus cannot be reached
   */
  public Optional<Map<String, String>> get(String path) throws SpikeException {
    return cache != null ? cache.get(requireNonNull(path, "path")) : get(path, 0);
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
    requireNonNull(path, "path");
    try {
      SecretGetResponse r =
          base.call(
              NexusEndpoints.Resend.SAFE,
              u ->
                  transport.postJson(
                      u,
                      PATH + "?action=get",
                      SecretGetRequest.of(path, version),
                      SecretGetResponse.class));
      return Optional.of(r.data() == null ? Map.of() : new TreeMap<>(r.data()));
    } catch (SpikeNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Soft-deletes versions.
   *
   * @param path the secret path
   * @param versions the versions; none means the current one, 0 stands for the current one
   * @throws SpikeException if the secret does not exist ({@code SpikeNotFoundException}), not
   *     allowed, or Nexus cannot be reached
   */
  public void delete(String path, List<Integer> versions) throws SpikeException {
    base.call(
        NexusEndpoints.Resend.SAFE,
        u ->
            transport.postJson(
                u,
                PATH + "?action=delete",
                SecretDeleteRequest.of(requireNonNull(path, "path"), List.copyOf(versions)),
                SecretDeleteResponse.class));
    invalidate(path);
  }

  /**
   * Restores soft-deleted versions.
   *
   * @param path the secret path
   * @param versions the versions; none means the current one (or the highest deleted one)
   * @throws SpikeException if nothing was restored ({@code SpikeNotFoundException}), not allowed,
   *     or Nexus cannot be reached
   */
  public void undelete(String path, List<Integer> versions) throws SpikeException {
    base.call(
        NexusEndpoints.Resend.SAFE,
        u ->
            transport.postJson(
                u,
                PATH + "?action=undelete",
                SecretUndeleteRequest.of(requireNonNull(path, "path"), List.copyOf(versions)),
                SecretUndeleteResponse.class));
    invalidate(path);
  }

  /**
   * Lists every secret path, sorted.
   *
   * @return the paths (empty when none, also when Nexus answers 404 as SPIKE's SDK treats it)
   * @throws SpikeException if not allowed or Nexus cannot be reached
   */
  public List<String> list() throws SpikeException {
    try {
      SecretListResponse r =
          base.call(
              NexusEndpoints.Resend.SAFE,
              u ->
                  transport.postJson(
                      u, PATH + "?action=list", new SecretListRequest(), SecretListResponse.class));
      return r.keys() == null ? List.of() : List.copyOf(r.keys());
    } catch (SpikeNotFoundException e) {
      return List.of();
    }
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
    SecretMetadataResponse r;
    try {
      r =
          base.call(
              NexusEndpoints.Resend.SAFE,
              u ->
                  transport.postJson(
                      u,
                      PATH + "/metadata?action=get",
                      SecretMetadataRequest.of(requireNonNull(path, "path"), version),
                      SecretMetadataResponse.class));
    } catch (SpikeNotFoundException e) {
      return Optional.empty();
    }
    TreeMap<Integer, SecretMetadata.Version> versions = new TreeMap<>();
    if (r.versions() != null) {
      for (Map.Entry<Integer, SecretVersionInfo> e : r.versions().entrySet()) {
        SecretVersionInfo v = e.getValue();
        int number = v.version() != 0 ? v.version() : e.getKey();
        versions.put(
            number,
            new SecretMetadata.Version(
                number, v.createdTime(), Optional.ofNullable(v.deletedTime())));
      }
    }
    var m = r.metadata();
    return Optional.of(
        new SecretMetadata(
            m.currentVersion(),
            m.oldestVersion(),
            m.createdTime(),
            m.updatedTime(),
            m.maxVersions(),
            versions,
            m.customMetadata()));
  }

  // ---- KV v2 extensions (not in SPIKE; ADR-0151) --------------------------------------------

  /**
   * Destroys versions: their values are erased for good and cannot be undeleted. Not in SPIKE.
   *
   * @param path the secret path
   * @param versions the versions, 1 to 100 of them; 0 stands for the current one
   * @throws SpikeException if the secret does not exist ({@code SpikeNotFoundException}), the list
   *     is empty or too long ({@code SpikeBadRequestException}), not allowed, or unreachable
   */
  public void destroy(String path, List<Integer> versions) throws SpikeException {
    base.call(
        NexusEndpoints.Resend.SAFE,
        u ->
            transport.postJson(
                u,
                PATH + "?action=destroy",
                new SecretDestroyRequest(requireNonNull(path, "path"), List.copyOf(versions)),
                SecretDestroyResponse.class));
    invalidate(path);
  }

  /**
   * Changes a secret's settings and custom metadata; null fields of {@code change} stay as they
   * are. Not in SPIKE.
   *
   * @param change the path and the fields to change
   * @throws SpikeException if the secret does not exist, a setting is over its limit ({@code
   *     SpikeBadRequestException}, the message names the rule), not allowed, or unreachable
   */
  public void updateMetadata(SecretMetadataPutRequest change) throws SpikeException {
    requireNonNull(change, "change");
    base.call(
        NexusEndpoints.Resend.SAFE,
        u -> transport.postJson(u, PATH + "/metadata", change, SecretMetadataPutResponse.class));
  }

  /**
   * One page of secret paths.
   *
   * @param paths the paths, ascending
   * @param next the {@code after} of the next page, empty on the last page
   */
  public record Page(List<String> paths, Optional<String> next) {
    /** Copies the components. */
    public Page {
      paths = List.copyOf(paths);
      requireNonNull(next, "next");
    }
  }

  /**
   * Lists one page of the paths that start with {@code prefix}. Not in SPIKE.
   *
   * @param prefix the prefix, "" for every path
   * @param after the {@code next} of the previous page, "" for the first page
   * @param limit the page size, 1 to 1000
   * @return the page
   * @throws SpikeException if not allowed, an input is invalid, or Nexus cannot be reached
   */
  public Page list(String prefix, String after, int limit) throws SpikeException {
    SecretListResponse r =
        base.call(
            NexusEndpoints.Resend.SAFE,
            u ->
                transport.postJson(
                    u,
                    PATH + "?action=list",
                    new SecretListRequest(
                        requireNonNull(prefix, "prefix"), requireNonNull(after, "after"), limit),
                    SecretListResponse.class));
    List<String> keys = r.keys() == null ? List.of() : r.keys();
    return new Page(keys, r.next().isEmpty() ? Optional.empty() : Optional.of(r.next()));
  }
}
