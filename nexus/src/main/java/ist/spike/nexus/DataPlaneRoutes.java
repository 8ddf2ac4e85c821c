package ist.spike.nexus;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.policy.DataPlaneAccess;
import ist.spike.nexus.policy.PeerRoles;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendKind;
import ist.spike.server.NotReadyException;
import ist.spike.server.Route;
import ist.spike.server.RouteHandler;
import ist.spike.server.RouteTable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Nexus's data-plane routes: secrets, policies and encryption as a service (spec §2.3 rows 1–10,
 * 13–14), with their authorization.
 *
 * <p>Routes are registered when the server is built, before the root key is known; {@link
 * #activate(Backend)} attaches the backend once the root-key custody opened it. Until then the
 * handlers answer 503 (the server's readiness gate normally answers first).
 *
 * <pre>{@code
 * DataPlaneRoutes data = new DataPlaneRoutes(config.kind(), roles, DataPlaneSettings.fromEnvironment(env), Clock.systemUTC());
 * RouteTable.Builder table = RouteTable.builder();
 * data.addTo(table);            // plus verify, recover, restore
 * ...
 * data.activate(BackendFactory.open(config, rootKey));   // after the key check
 * }</pre>
 *
 * <p>In {@code lite} mode only the cipher routes are registered (SPIKE answers 400 for the others).
 */
public final class DataPlaneRoutes implements AutoCloseable {
  private final BackendKind kind;
  private final PeerRoles roles;
  private final DataPlaneSettings settings;
  private final Clock clock;
  private volatile Active active;

  private record Active(
      Backend backend, SecretService secrets, PolicyService policies, DataPlaneAccess access) {}

  /**
   * Creates the routes.
   *
   * @param kind the configured backend (decides which routes exist)
   * @param roles the trust roots for the superuser and lite-workload roles
   * @param settings limits
   * @param clock time source for secret and policy timestamps
   */
  public DataPlaneRoutes(
      BackendKind kind, SpikeRoles roles, DataPlaneSettings settings, Clock clock) {
    this.kind = requireNonNull(kind, "kind");
    requireNonNull(roles, "roles");
    this.roles = adapt(roles);
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
  }

  private static PeerRoles adapt(SpikeRoles roles) {
    return new PeerRoles() {
      @Override
      public boolean isSuperuser(String spiffeId) {
        return has(spiffeId, SpikeRole.PILOT_SUPERUSER);
      }

      @Override
      public boolean isLiteWorkload(String spiffeId) {
        return has(spiffeId, SpikeRole.LITE_WORKLOAD);
      }

      private boolean has(String id, SpikeRole role) {
        try {
          return roles.has(SpiffeId.parse(id), role);
        } catch (RuntimeException e) {
          return false;
        }
      }
    };
  }

  /**
   * Attaches the open backend; the data routes start serving. Call once.
   *
   * @param backend the backend, of the configured kind; closed by {@link #close()}
   * @throws IllegalStateException if already active or the kind differs
   */
  public synchronized void activate(Backend backend) {
    requireNonNull(backend, "backend");
    if (active != null) {
      throw new IllegalStateException("the data plane is already active");
    }
    if (backend.kind() != kind) {
      throw new IllegalStateException(
          "backend is "
              + backend.kind().wireName()
              + " but routes were built for "
              + kind.wireName());
    }
    PolicyService policies = new PolicyService(backend, clock);
    SecretService secrets = new SecretService(backend, clock, settings.maxSecretVersions());
    active = new Active(backend, secrets, policies, new DataPlaneAccess(roles, policies));
  }

  /** Returns true once {@link #activate} was called. */
  public boolean isActive() {
    return active != null;
  }

  /**
   * Returns the data-plane routes for the configured backend.
   *
   * @return secret and policy routes (not for {@code lite}) and the cipher routes
   */
  public List<Route> routes() {
    List<Route> out = new ArrayList<>();
    if (kind != BackendKind.LITE) {
      out.addAll(new SecretRoutes(service(Active::secrets), service(Active::access)).routes());
      out.addAll(new PolicyRoutes(service(Active::policies), service(Active::access)).routes());
    }
    out.addAll(
        new CipherRoutes(
                service(a -> a.backend().cipher()),
                service(Active::access),
                settings.maxCipherBytes())
            .routes());
    List<Route> wrapped = new ArrayList<>(out.size());
    for (Route r : out) {
      RouteHandler h = r.handler();
      RouteHandler safe =
          req -> {
            try {
              return h.handle(req);
            } catch (NotReadyUnchecked e) {
              throw e.checked();
            }
          };
      wrapped.add(new Route(r.key(), r.guard(), safe, r.errorBody(), r.maxBodyBytes()));
    }
    return List.copyOf(wrapped);
  }

  /**
   * Adds {@link #routes()} to a route table.
   *
   * @param table the builder
   * @return the builder
   */
  public RouteTable.Builder addTo(RouteTable.Builder table) {
    requireNonNull(table, "table");
    routes().forEach(table::add);
    return table;
  }

  private <T> Supplier<T> service(Function<Active, T> pick) {
    return () -> {
      Active a = active;
      if (a == null) {
        throw new NotReadyUnchecked();
      }
      return pick.apply(a);
    };
  }

  /** Closes the backend if one is attached. */
  @Override
  public synchronized void close() {
    Active a = active;
    if (a != null) {
      a.backend().close();
    }
  }

  @Override
  public String toString() {
    return "DataPlaneRoutes["
        + kind.wireName()
        + (active == null ? ", inactive" : ", active")
        + "]";
  }

  /** Thrown by service suppliers before activation; mapped to 503 by the route wrappers. */
  static final class NotReadyUnchecked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotReadyUnchecked() {
      super("the data plane is not active yet (no root key)");
    }

    NotReadyException checked() {
      return new NotReadyException();
    }
  }
}
