package ist.spike.nexus.operator;

import static java.util.Objects.requireNonNull;

import ist.spike.api.operator.RekeyRequest;
import ist.spike.api.operator.RekeyResponse;
import ist.spike.api.operator.RotateRequest;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.rotation.Rekey;
import ist.spike.nexus.rotation.RekeyRefusedException;
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
 * {@code POST /v1/operator/rekey} re-splits the root key to the configured Keepers in the
 * background (202 with the progress; 400 when the request does not match the configuration; 409
 * while a rotation or rekey runs) and {@code ?action=status} reports the split in force and the
 * last rekey; Pilot superuser only (ADR-0163).
 */
public final class RekeyRoutes {
  static final long MAX_BODY = 1024;

  private final SpikeRoles roles;
  private final Optional<RotationService> rotation;

  /**
   * @param roles trust roots
   * @param rotation the service; empty when Nexus has no Keepers (in-memory mode)
   */
  public RekeyRoutes(SpikeRoles roles, Optional<RotationService> rotation) {
    this.roles = requireNonNull(roles, "roles");
    this.rotation = requireNonNull(rotation, "rotation");
  }

  /** Adds the routes to a table. */
  public RouteTable.Builder addTo(RouteTable.Builder table) {
    return table
        .add(
            Route.of(
                    "/v1/operator/rekey",
                    "",
                    Guard.roles(roles, SpikeRole.PILOT_SUPERUSER),
                    this::start)
                .withErrorBody(RekeyResponse::error)
                .withMaxBodyBytes(MAX_BODY))
        .add(
            Route.of(
                    "/v1/operator/rekey",
                    "status",
                    Guard.roles(roles, SpikeRole.PILOT_SUPERUSER),
                    this::status)
                .withErrorBody(RekeyResponse::error)
                .withMaxBodyBytes(MAX_BODY));
  }

  SpikeResponse start(SpikeRequest req) throws Exception {
    RekeyRequest in = req.readJson(RekeyRequest.class);
    RotationService service = service();
    RotationService.RekeyProgress p;
    try {
      p = service.rekey(in.threshold(), in.shares(), in.confirmRecoveryFiles());
    } catch (IllegalStateException e) {
      throw new NotReadyException(e.getMessage());
    } catch (RekeyRefusedException e) {
      throw new BadRequestException(e.getMessage());
    } catch (RotationInProgressException e) {
      return SpikeResponse.conflict(e.getMessage());
    }
    return SpikeResponse.json(202, body(p));
  }

  SpikeResponse status(SpikeRequest req) throws Exception {
    req.readJson(RotateRequest.class);
    try {
      return SpikeResponse.json(body(service().rekeyProgress()));
    } catch (IllegalStateException e) {
      throw new NotReadyException(e.getMessage());
    }
  }

  private RotationService service() throws BadRequestException {
    return rotation.orElseThrow(
        () ->
            new BadRequestException(
                "this Nexus runs without Keepers (in-memory mode): its root key is not split, so"
                    + " there is nothing to rekey"));
  }

  private static RekeyResponse body(RotationService.RekeyProgress p) {
    return RekeyResponse.success(
        p.threshold(),
        p.shares(),
        p.rekey().map(r -> r.from().threshold()).orElse(0),
        p.rekey().map(r -> r.to().threshold()).orElse(0),
        p.rekey().map(Rekey::phase).map(ph -> ph.name().toLowerCase(Locale.ROOT)).orElse(""),
        p.delivered());
  }
}
