package ist.spike.nexus.operator;

import ist.spike.api.operator.RekeyRequest;
import ist.spike.api.operator.RekeyResponse;
import ist.spike.api.operator.RotateRequest;
import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.rotation.Rekey;
import ist.spike.nexus.rotation.RekeyRefusedException;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.server.BadRequestException;
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
  private final KeptRootKeyRoutes routes;

  /**
   * @param roles trust roots
   * @param rotation the service; empty when Nexus has no Keepers (in-memory mode)
   */
  public RekeyRoutes(SpikeRoles roles, Optional<RotationService> rotation) {
    this.routes =
        new KeptRootKeyRoutes(
            roles,
            rotation,
            "/v1/operator/rekey",
            RekeyResponse::error,
            "this Nexus runs without Keepers (in-memory mode): its root key is not split, so"
                + " there is nothing to rekey");
  }

  /** Adds the routes to a table. */
  public RouteTable.Builder addTo(RouteTable.Builder table) {
    return routes.addTo(table, this::start, this::status);
  }

  SpikeResponse start(SpikeRequest req) throws Exception {
    return routes.handle(req, RekeyRequest.class, RekeyRoutes::rekey);
  }

  SpikeResponse status(SpikeRequest req) throws Exception {
    return routes.handle(
        req,
        RotateRequest.class,
        (service, in) -> SpikeResponse.json(body(service, service.rekeyProgress())));
  }

  private static SpikeResponse rekey(RotationService service, RekeyRequest in) throws Exception {
    try {
      return SpikeResponse.json(
          202,
          body(service, service.rekey(in.threshold(), in.shares(), in.confirmRecoveryFiles())));
    } catch (RekeyRefusedException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  private static RekeyResponse body(RotationService service, RotationService.RekeyProgress p) {
    RekeyResponse body = body(p);
    return service
        .retry(RotationService.REKEY)
        .filter(r -> p.rekey().filter(Rekey::running).isPresent())
        .map(r -> body.withRetry(r.failures(), (r.in().toMillis() + 999) / 1000, r.reason()))
        .orElse(body);
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
