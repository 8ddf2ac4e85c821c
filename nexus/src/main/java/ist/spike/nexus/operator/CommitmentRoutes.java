package ist.spike.nexus.operator;

import static java.util.Objects.requireNonNull;

import ist.spike.api.operator.CommitmentsRequest;
import ist.spike.api.operator.CommitmentsResponse;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidCommitmentsException;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.store.Backend;
import ist.spike.server.Guard;
import ist.spike.server.InternalErrorException;
import ist.spike.server.NotReadyException;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Feldman commitments of the root key's Shamir split (ADR-0161): {@link #publish} stores them
 * with the data when a root key is activated, and {@code POST /v1/operator/commitments} serves them
 * read-only to the Pilot roles, so an operator can check recovery files offline.
 */
public final class CommitmentRoutes {
  static final long MAX_BODY = 1024;
  private static final Logger LOG = LoggerFactory.getLogger(CommitmentRoutes.class);

  private final SpikeRoles roles;
  private final Supplier<Optional<Backend>> backend;

  /**
   * @param roles trust roots
   * @param backend the open backend, empty until a root key is activated
   */
  public CommitmentRoutes(SpikeRoles roles, Supplier<Optional<Backend>> backend) {
    this.roles = requireNonNull(roles, "roles");
    this.backend = requireNonNull(backend, "backend");
  }

  /**
   * Stores the commitments of the split of {@code key} unless the split in force is stored already.
   * A stored split keeps its threshold, whatever the configuration says now: only a rekey changes
   * it (ADR-0163); stored commitments of another key (a rotation that stopped before storing its
   * own) are replaced by this key's with the same threshold.
   *
   * @param store the activated backend
   * @param key the root key it was activated with (unchanged)
   * @param threshold the configured Shamir threshold, used only when nothing is stored
   * @return the commitments now stored
   */
  public static FeldmanCommitments publish(Backend store, RootKey key, int threshold) {
    requireNonNull(store, "store");
    Optional<byte[]> stored = store.loadShardCommitments();
    int inForce = threshold;
    if (stored.isPresent()) {
      try {
        inForce = FeldmanCommitments.fromBytes(stored.get()).threshold();
      } catch (InvalidCommitmentsException e) {
        LOG.warn(
            "the stored shard commitments are malformed ({}); storing them anew", e.getMessage());
      }
    }
    FeldmanCommitments fresh = FeldmanCommitments.of(key, inForce);
    if (stored.isPresent() && Arrays.equals(stored.get(), fresh.toBytes())) {
      return fresh;
    }
    store.storeShardCommitments(fresh.toBytes());
    LOG.info("stored the Feldman commitments of the {}-coefficient split with the data", inForce);
    return fresh;
  }

  /** Adds the route to a table. */
  public RouteTable.Builder addTo(RouteTable.Builder table) {
    return table.add(
        Route.of(
                "/v1/operator/commitments",
                "",
                Guard.roles(
                    roles,
                    SpikeRole.PILOT_SUPERUSER,
                    SpikeRole.PILOT_RECOVER,
                    SpikeRole.PILOT_RESTORE),
                this::commitments)
            .withErrorBody(CommitmentsResponse::error)
            .withMaxBodyBytes(MAX_BODY));
  }

  SpikeResponse commitments(SpikeRequest req) throws Exception {
    req.readJson(CommitmentsRequest.class);
    Backend store = backend.get().orElseThrow(NotReadyException::new);
    byte[] bytes =
        store
            .loadShardCommitments()
            .orElseThrow(
                () ->
                    new InternalErrorException(
                        "no commitments are stored yet; they are stored when Nexus activates its"
                            + " root key"));
    try {
      return SpikeResponse.json(
          CommitmentsResponse.success(FeldmanCommitments.fromBytes(bytes).toHex()));
    } catch (InvalidCommitmentsException e) {
      throw new InternalErrorException("the stored commitments are corrupt: " + e.getMessage());
    }
  }
}
