package ist.spike.nexus.operator;

import static java.util.Objects.requireNonNull;

import ist.spike.api.operator.RotateRequest;
import ist.spike.api.operator.RotateResponse;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.rotation.Rotation;
import ist.spike.nexus.rotation.RotationInProgressException;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.server.BadRequestException;
import ist.spike.server.Guard;
import ist.spike.server.NotReadyException;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /v1/operator/rotate} starts a root-key rotation in the background (202 with the
 * progress; 409 while one runs) and {@code ?action=status} reports its progress; Pilot superuser
 * only (ADR-0162).
 */
public final class RotationRoutes {
  static final long MAX_BODY = 1024;

  private final SpikeRoles roles;
  private final Optional<RotationService> rotation;

  /**
   * @param roles trust roots
   * @param rotation the service; empty when Nexus has no Keepers (in-memory mode)
   */
  public RotationRoutes(SpikeRoles roles, Optional<RotationService> rotation) {
    this.roles = requireNonNull(roles, "roles");
    this.rotation = requireNonNull(rotation, "rotation");
  }

  /** Adds the routes to a table. */
  public RouteTable.Builder addTo(RouteTable.Builder table) {
    return table
        .add(
            Route.of(
                    "/v1/operator/rotate",
                    "",
                    Guard.roles(roles, SpikeRole.PILOT_SUPERUSER),
                    this::start)
                .withErrorBody(RotateResponse::error)
                .withMaxBodyBytes(MAX_BODY))
        .add(
            Route.of(
                    "/v1/operator/rotate",
                    "status",
                    Guard.roles(roles, SpikeRole.PILOT_SUPERUSER),
                    this::status)
                .withErrorBody(RotateResponse::error)
                .withMaxBodyBytes(MAX_BODY));
  }

  SpikeResponse start(SpikeRequest req) throws Exception {
    req.readJson(RotateRequest.class);
    RotationService service = service();
    RotationService.Progress p;
    try {
      p = service.start();
    } catch (IllegalStateException e) {
      throw new NotReadyException(e.getMessage());
    } catch (RotationInProgressException e) {
      return SpikeResponse.conflict(e.getMessage());
    }
    return SpikeResponse.json(202, body(p));
  }

  SpikeResponse status(SpikeRequest req) throws Exception {
    req.readJson(RotateRequest.class);
    try {
      return SpikeResponse.json(body(service().progress()));
    } catch (IllegalStateException e) {
      throw new NotReadyException(e.getMessage());
    }
  }

  private RotationService service() throws BadRequestException {
    return rotation.orElseThrow(
        () ->
            new BadRequestException(
                "this Nexus runs without Keepers (in-memory mode): its root key is not kept, so"
                    + " there is nothing to rotate"));
  }

  private static RotateResponse body(RotationService.Progress p) {
    return RotateResponse.success(
        p.generation(),
        p.rotation().map(Rotation::to).orElse(0),
        p.rotation().map(r -> r.phase().name().toLowerCase(Locale.ROOT)).orElse(""),
        p.delivered(),
        p.resealed());
  }
}
