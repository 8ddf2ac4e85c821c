package ist.spike.keeper;

import static java.util.Objects.requireNonNull;

import ist.spike.api.ShardArray;
import ist.spike.api.keeper.ShardGetRequest;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.api.keeper.ShardPutResponse;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidCommitmentsException;
import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Keeper's two routes, as SPIKE: {@code /v1/store/contribute} (Nexus or Bootstrap) stores the
 * shard, {@code /v1/store/shard} (Nexus only) returns it. A contribution that carries Feldman
 * commitments is checked against them first and refused if the shard is not on the committed
 * polynomial (ADR-0161). Bodies are small: 4 KiB plus room for the largest set of commitments.
 */
final class KeeperRoutes {
  // 4 KiB for the shard, plus one quoted 66-digit point and a comma per coefficient
  static final long MAX_BODY = 4096 + 70L * ShamirParameters.MAX_SHARES;
  static final int MAX_INDEX = 1000;

  // writes the shard response; reading goes through the server's codec, the same class
  private static final KeeperJson JSON = new KeeperJson(ServerConfig.JsonLimits.DEFAULT);

  private KeeperRoutes() {}

  static RouteTable table(SpikeRoles roles, ShardSlot slot) {
    requireNonNull(roles, "roles");
    requireNonNull(slot, "slot");
    return RouteTable.builder()
        .add(
            Route.of(
                    "/v1/store/contribute",
                    "",
                    Guard.roles(roles, SpikeRole.NEXUS, SpikeRole.BOOTSTRAP),
                    req -> contribute(req, slot))
                .withErrorBody(ShardPutResponse::error)
                .withMaxBodyBytes(MAX_BODY))
        .add(
            Route.of(
                    "/v1/store/shard",
                    "",
                    Guard.roles(roles, SpikeRole.NEXUS),
                    req -> shard(req, slot))
                .withErrorBody(ShardGetResponse::error)
                .withMaxBodyBytes(MAX_BODY))
        .build();
  }

  static SpikeResponse contribute(SpikeRequest req, ShardSlot slot) throws Exception {
    try (ShardPutRequest body = req.readJson(ShardPutRequest.class)) {
      if (body.shard() == null) {
        throw new BadRequestException("shard must be 32 numbers, not all zero");
      }
      // SPIKE's Keeper reads a Go [32]byte: a shorter array is zero-filled, a longer truncated.
      byte[] value = ShardArray.goFixed(body.shard());
      try {
        contribute(body, value, slot);
      } finally {
        Arrays.fill(value, (byte) 0);
      }
    }
    return SpikeResponse.json(ShardPutResponse.success());
  }

  private static void contribute(ShardPutRequest body, byte[] value, ShardSlot slot)
      throws BadRequestException {
    if (ShardArray.isAllZero(value)) {
      throw new BadRequestException("shard must be 32 numbers, not all zero");
    }
    Integer index = body.index();
    if (index != null && (index < 1 || index > MAX_INDEX)) {
      throw new BadRequestException("index must be between 1 and " + MAX_INDEX);
    }
    if (!body.commitments().isEmpty()) {
      checkAgainstCommitments(body, value, index);
    }
    slot.put(value, index == null ? OptionalInt.empty() : OptionalInt.of(index));
  }

  /**
   * Refuses a shard that is not on the polynomial the sender's commitments describe (ADR-0161), so
   * a corrupted or foreign shard never replaces a good one.
   */
  private static void checkAgainstCommitments(ShardPutRequest body, byte[] value, Integer index)
      throws BadRequestException {
    if (index == null) {
      throw new BadRequestException("index is required when commitments are sent");
    }
    FeldmanCommitments commitments;
    try {
      commitments = FeldmanCommitments.fromHex(body.commitments());
    } catch (InvalidCommitmentsException e) {
      throw new BadRequestException("commitments are malformed: " + e.getMessage());
    }
    try (SecretBytes holder = SecretBytes.copyOf(value, InsecureSecretAccess.get());
        Shard shard = Shard.of(index, holder)) {
      commitments.verify(shard);
    } catch (InvalidShardException e) {
      throw new BadRequestException(e.getMessage() + "; the shard was refused and nothing changed");
    }
  }

  static SpikeResponse shard(SpikeRequest req, ShardSlot slot) throws Exception {
    req.readJson(ShardGetRequest.class);
    Optional<ShardGetResponse> body = slot.response();
    if (body.isEmpty()) {
      // SPIKE answers 400 {"shard":null,"Err":"api_bad_request"} when it holds no shard.
      throw new BadRequestException();
    }
    try (ShardGetResponse held = body.get()) {
      // encoded here so the copy is zeroed now; the server zeroes the bytes after writing
      return SpikeResponse.bytes(200, "application/json", JSON.write(held));
    }
  }
}
