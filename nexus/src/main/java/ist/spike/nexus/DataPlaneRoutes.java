package ist.spike.nexus;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.policy.DataPlaneAccess;
import ist.spike.nexus.policy.PeerRoles;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.snapshot.Snapshots;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.IntegrityException;
import ist.spike.nexus.store.StorageUnavailableException;
import ist.spike.nexus.store.StoreUnreachableException;
import ist.spike.nexus.transit.TransitKeys;
import ist.spike.server.NotReadyException;
import ist.spike.server.Route;
import ist.spike.server.RouteHandler;
import ist.spike.server.RouteTable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Nexus's data-plane routes: secrets, policies and encryption as a service (spec §2.3 rows 1–10,
 * 13–14), named transit keys (ADR-0167), with their authorization.
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
  private final SpikeRoles spikeRoles;
  private final DataPlaneSettings settings;
  private final Clock clock;
  private final Supplier<Backend> source;
  private final boolean supplied;
  private final java.util.concurrent.atomic.AtomicReference<Backend> attached =
      new java.util.concurrent.atomic.AtomicReference<>();
  private volatile Active active;

  private record Active(
      Backend backend,
      SecretService secrets,
      PolicyService policies,
      DataPlaneAccess access,
      TransitKeys transit) {}

  private final java.security.SecureRandom random = new java.security.SecureRandom();
  private volatile Supplier<Optional<String>> keyLag = Optional::empty;

  /**
   * Sets what a read that meets a row it cannot open asks before answering: whether this instance
   * lags behind a root-key rotation another instance ran (ADR-0165). Such reads then answer 503
   * with that message instead of an integrity failure. Call before {@link #routes()}.
   *
   * @param lag the message when lagging, empty otherwise
   */
  public void keyLag(Supplier<Optional<String>> lag) {
    this.keyLag = requireNonNull(lag, "lag");
  }

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
    this(kind, roles, settings, clock, null);
  }

  /**
   * Creates routes that serve whatever backend {@code backend} supplies: {@code null} means not
   * ready yet (503). The services (and the compiled policy cache) are rebuilt when the supplied
   * instance changes. {@link #activate} must not be used with this constructor, and {@link
   * #close()} does not close supplied backends.
   *
   * @param kind the configured backend kind
   * @param roles the trust roots
   * @param settings limits
   * @param clock time source
   * @param backend supplies the open backend, or null before the root key is installed
   */
  public DataPlaneRoutes(
      BackendKind kind,
      SpikeRoles roles,
      DataPlaneSettings settings,
      Clock clock,
      Supplier<Backend> backend) {
    this.kind = requireNonNull(kind, "kind");
    requireNonNull(roles, "roles");
    this.roles = adapt(roles);
    this.spikeRoles = roles;
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.supplied = backend != null;
    this.source = backend == null ? attached::get : backend;
  }

  /**
   * Creates routes from the environment ({@code SPIKE_NEXUS_BACKEND_STORE}, {@code
   * SPIKE_NEXUS_MAX_SECRET_VERSIONS}, {@code SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE}) over a
   * backend supplier, for {@code NexusMain}.
   *
   * @param env the environment
   * @param roles the trust roots
   * @param backend supplies the open backend, or null before the root key is installed
   * @return the routes
   * @throws IllegalArgumentException naming a variable whose value is invalid
   */
  public static DataPlaneRoutes fromEnvironment(
      java.util.Map<String, String> env, SpikeRoles roles, Supplier<Backend> backend) {
    return new DataPlaneRoutes(
        ist.spike.nexus.store.BackendConfig.fromEnvironment(env).kind(),
        roles,
        DataPlaneSettings.fromEnvironment(env),
        Clock.systemUTC(),
        requireNonNull(backend, "backend"));
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
    if (supplied) {
      throw new IllegalStateException(
          "these routes serve a supplied backend; activate is not used");
    }
    checkKind(backend);
    if (!attached.compareAndSet(null, backend)) {
      throw new IllegalStateException("the data plane is already active");
    }
  }

  private void checkKind(Backend backend) {
    if (backend.kind() != kind) {
      throw new IllegalStateException(
          "backend is "
              + backend.kind().wireName()
              + " but routes were built for "
              + kind.wireName());
    }
  }

  /** Returns true once a backend is available. */
  public boolean isActive() {
    return source.get() != null;
  }

  private Active current() {
    Backend b = source.get();
    if (b == null) {
      throw new NotReadyUnchecked();
    }
    Active a = active;
    if (a != null && a.backend() == b) {
      return a;
    }
    synchronized (this) {
      a = active;
      if (a == null || a.backend() != b) {
        checkKind(b);
        PolicyService policies = new PolicyService(b, clock);
        SecretService secrets =
            new SecretService(b, clock, settings.maxSecretVersions(), settings.casRequired());
        a =
            new Active(
                b,
                secrets,
                policies,
                new DataPlaneAccess(roles, policies),
                new TransitKeys(b, clock, random));
        active = a;
      }
      return a;
    }
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
      out.addAll(new KvRoutes(service(Active::secrets), service(Active::access)).routes());
      out.addAll(
          new SnapshotRoutes(service(Active::backend), new Snapshots(clock), spikeRoles).routes());
      out.addAll(new PolicyRoutes(service(Active::policies), service(Active::access)).routes());
      out.addAll(
          new TransitRoutes(
                  service(Active::transit), service(Active::access), settings.maxCipherBytes())
              .routes());
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
            } catch (StorageUnavailableException e) {
              throw new StorageUnavailableApiException(e);
            } catch (StoreUnreachableException e) {
              // 503 so that clients holding several Nexus URLs try the next one
              throw new NotReadyException(StoreUnreachableException.MESSAGE, e);
            } catch (IntegrityException e) {
              // a row sealed under a root key another instance rotated to (ADR-0165)
              Optional<String> lag = keyLag.get();
              if (lag.isPresent()) {
                throw new NotReadyException(lag.get(), e);
              }
              throw e;
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
    return () -> pick.apply(current());
  }

  /** Closes the backend attached with {@link #activate}, if any (never a supplied one). */
  @Override
  public synchronized void close() {
    Backend b = attached.getAndSet(null);
    if (b != null) {
      b.close();
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
