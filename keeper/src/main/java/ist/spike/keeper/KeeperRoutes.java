package ist.spike.keeper;

import static java.util.Objects.requireNonNull;

import ist.spike.api.keeper.ShardGetRequest;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.api.keeper.ShardPutResponse;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The Keeper's two routes, as SPIKE: {@code /v1/store/contribute} (Nexus or Bootstrap) stores the
 * shard, {@code /v1/store/shard} (Nexus only) returns it. Bodies are small: 4 KiB at most.
 */
final class KeeperRoutes {
  static final long MAX_BODY = 4096;
  static final int MAX_INDEX = 1000;

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
    try (ContributeBody body = req.readJson(ContributeBody.class)) {
      if (body.shard() == null || body.shard().isAllZero()) {
        throw new BadRequestException("shard must be 32 numbers, not all zero");
      }
      Integer index = body.index();
      if (index != null && (index < 1 || index > MAX_INDEX)) {
        throw new BadRequestException("index must be between 1 and " + MAX_INDEX);
      }
      byte[] value = body.shard().revealBytes();
      try {
        slot.put(value, index == null ? OptionalInt.empty() : OptionalInt.of(index));
      } finally {
        Arrays.fill(value, (byte) 0);
      }
    }
    return SpikeResponse.json(ShardPutResponse.success());
  }

  static SpikeResponse shard(SpikeRequest req, ShardSlot slot) throws Exception {
    req.readJson(ShardGetRequest.class);
    java.util.Optional<ShardBody> body =
        slot.read(
            held -> {
              byte[] value = held.copyValue();
              try {
                return new ShardBody(
                    ist.spike.api.ShardValue.copyOf(value),
                    "",
                    held.index().isPresent() ? held.index().getAsInt() : null);
              } finally {
                Arrays.fill(value, (byte) 0);
              }
            });
    if (body.isEmpty()) {
      // SPIKE answers 400 {"shard":null,"Err":"api_bad_request"} when it holds no shard.
      throw new BadRequestException();
    }
    return SpikeResponse.json(body.get());
  }
}
