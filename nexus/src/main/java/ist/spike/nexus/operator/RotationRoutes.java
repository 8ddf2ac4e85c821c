package ist.spike.nexus.operator;

import ist.spike.api.operator.RotateRequest;
import ist.spike.api.operator.RotateResponse;
import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.rotation.Rotation;
import ist.spike.nexus.rotation.RotationService;
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
  private final KeptRootKeyRoutes routes;

  /**
   * @param roles trust roots
   * @param rotation the service; empty when Nexus has no Keepers (in-memory mode)
   */
  public RotationRoutes(SpikeRoles roles, Optional<RotationService> rotation) {
    this.routes =
        new KeptRootKeyRoutes(
            roles,
            rotation,
            "/v1/operator/rotate",
            RotateResponse::error,
            "this Nexus runs without Keepers (in-memory mode): its root key is not kept, so"
                + " there is nothing to rotate");
  }

  /** Adds the routes to a table. */
  public RouteTable.Builder addTo(RouteTable.Builder table) {
    return routes.addTo(table, this::start, this::status);
  }

  SpikeResponse start(SpikeRequest req) throws Exception {
    return routes.handle(
        req,
        RotateRequest.class,
        (service, in) -> SpikeResponse.json(202, body(service, service.start())));
  }

  SpikeResponse status(SpikeRequest req) throws Exception {
    return routes.handle(
        req,
        RotateRequest.class,
        (service, in) -> SpikeResponse.json(body(service, service.progress())));
  }

  private static RotateResponse body(RotationService service, RotationService.Progress p) {
    RotateResponse body = body(p);
    return service
        .retry(RotationService.ROTATION)
        .filter(r -> p.rotation().filter(Rotation::running).isPresent())
        .map(r -> body.withRetry(r.failures(), (r.in().toMillis() + 999) / 1000, r.reason()))
        .orElse(body);
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
