package ist.spike.nexus.operator;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.rotation.RotationInProgressException;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.server.BadRequestException;
import ist.spike.server.ErrorBody;
import ist.spike.server.Guard;
import ist.spike.server.NotReadyException;
import ist.spike.server.Route;
import ist.spike.server.RouteHandler;
import ist.spike.server.RouteTable;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import java.util.Optional;

/**
 * The shape shared by the operator routes that act on the root key the Keepers keep (rotate,
 * rekey): one path, Pilot superuser only, a start (no action, answers 202) and {@code
 * ?action=status}, both refused with 400 when Nexus runs without Keepers (in-memory mode). A
 * service that is not ready answers 503 and a rotation or rekey already running answers 409.
 */
final class KeptRootKeyRoutes {
  /** The body limit of both routes. */
  static final long MAX_BODY = 1024;

  /** What a route does with the service once the request body has been read. */
  @FunctionalInterface
  interface Action<T> {
    SpikeResponse run(RotationService service, T request) throws Exception;
  }

  private final SpikeRoles roles;
  private final Optional<RotationService> rotation;
  private final String path;
  private final ErrorBody errorBody;
  private final String inMemoryRefusal;

  /**
   * @param roles trust roots
   * @param rotation the service; empty when Nexus has no Keepers (in-memory mode)
   * @param path the route path
   * @param errorBody the error body shape of both routes
   * @param inMemoryRefusal the 400 message when {@code rotation} is empty
   */
  KeptRootKeyRoutes(
      SpikeRoles roles,
      Optional<RotationService> rotation,
      String path,
      ErrorBody errorBody,
      String inMemoryRefusal) {
    this.roles = requireNonNull(roles, "roles");
    this.rotation = requireNonNull(rotation, "rotation");
    this.path = requireNonNull(path, "path");
    this.errorBody = requireNonNull(errorBody, "errorBody");
    this.inMemoryRefusal = requireNonNull(inMemoryRefusal, "inMemoryRefusal");
  }

  /**
   * Adds the start and status routes to a table.
   *
   * @param table the table
   * @param start the start handler (no action)
   * @param status the {@code ?action=status} handler
   * @return the table
   */
  RouteTable.Builder addTo(RouteTable.Builder table, RouteHandler start, RouteHandler status) {
    return table.add(route("", start)).add(route("status", status));
  }

  /**
   * Reads the body as {@code type}, then runs {@code action} on the service, mapping a service that
   * is not ready to 503 and a running rotation or rekey to 409.
   */
  <T> SpikeResponse handle(SpikeRequest req, Class<T> type, Action<? super T> action)
      throws Exception {
    T in = req.readJson(type);
    RotationService service = service();
    try {
      return action.run(service, in);
    } catch (IllegalStateException e) {
      throw new NotReadyException(e.getMessage());
    } catch (RotationInProgressException e) {
      return SpikeResponse.conflict(e.getMessage());
    }
  }

  private Route route(String action, RouteHandler handler) {
    return Route.of(path, action, Guard.roles(roles, SpikeRole.PILOT_SUPERUSER), handler)
        .withErrorBody(errorBody)
        .withMaxBodyBytes(MAX_BODY);
  }

  private RotationService service() throws BadRequestException {
    return rotation.orElseThrow(() -> new BadRequestException(inMemoryRefusal));
  }
}
