package ist.spike.nexus;

import ist.spike.api.ErrorCode;
import ist.spike.api.json.SpikeJson;
import ist.spike.cli.DevParentWatch;
import ist.spike.cli.LauncherHelp;
import ist.spike.client.Backoff;
import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.InvalidShamirParametersException;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.KeeperClient;
import ist.spike.custody.KeeperPeers;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.identity.SvidSources;
import ist.spike.identity.SvidUnavailableException;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.config.Env;
import ist.spike.nexus.observe.NexusAudit;
import ist.spike.nexus.observe.NexusEvents;
import ist.spike.nexus.observe.NexusMetrics;
import ist.spike.nexus.observe.ObservedKeeperGateway;
import ist.spike.nexus.observe.RecordedNexusEvents;
import ist.spike.nexus.operator.CommitmentRoutes;
import ist.spike.nexus.operator.OperatorRoutes;
import ist.spike.nexus.operator.RekeyRoutes;
import ist.spike.nexus.operator.RotationRoutes;
import ist.spike.nexus.rootkey.AttemptLimiter;
import ist.spike.nexus.rootkey.EarlyKeeperFetch;
import ist.spike.nexus.rootkey.KeeperClientGateway;
import ist.spike.nexus.rootkey.KeeperRecovery;
import ist.spike.nexus.rootkey.KeeperRehydrator;
import ist.spike.nexus.rootkey.RestoreRefusedException;
import ist.spike.nexus.rootkey.RestoreSession;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.rotation.GenerationActivation;
import ist.spike.nexus.rotation.KeyGenerations;
import ist.spike.nexus.rotation.RekeyDelivery;
import ist.spike.nexus.rotation.RekeyDriver;
import ist.spike.nexus.rotation.RotationDriver;
import ist.spike.nexus.rotation.RotationFollower;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.nexus.rotation.StoredSplit;
import ist.spike.nexus.rotation.SupersededRecoveryException;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.ClusterState;
import ist.spike.nexus.store.SqliteNativeLibrary;
import ist.spike.nexus.store.SqliteStore;
import ist.spike.nexus.store.SqliteToPostgres;
import ist.spike.nexus.store.StorageUnavailableException;
import ist.spike.nexus.store.StoreException;
import ist.spike.server.ErrorTable;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import ist.spike.server.audit.ChainedAuditFile;
import ist.spike.server.metrics.MetricsListener;
import ist.spike.server.metrics.ServerMetrics;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/spike-nexus}: SPIKE Nexus. It never generates a root key: it starts serving only
 * recover/restore (everything else 503 {@code state_not_ready}), polls the Keepers until it holds a
 * threshold of shards, checks the rebuilt key against the key-check value stored with the data, and
 * then serves; every {@code SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL} it checks each Keeper's shard and
 * re-seeds an empty or wrong one. With {@code SPIKE_NEXUS_BACKEND_STORE=memory} there is no
 * root-key custody at all (as SPIKE).
 */
public final class NexusMain {
  private static final Logger LOG = LoggerFactory.getLogger(NexusMain.class);

  /**
   * Default of {@code SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL}: how often every Keeper's shard is
   * checked (one small mTLS request per Keeper), so a restarted Keeper is repaired within seconds.
   * SPIKE pushes blindly every 5 minutes (ADR 0054).
   */
  static final Duration DEFAULT_KEEPER_CHECK_INTERVAL = Duration.ofSeconds(10);

  /** How often a Keeper the last check could not reach is tried again (at most the interval). */
  static final Duration UNREACHABLE_KEEPER_RETRY = Duration.ofSeconds(1);

  /** What {@code spike-nexus --help} says the server is. */
  static final List<String> DESCRIPTION =
      List.of(
          "SPIKE Nexus, the secrets store: serves /v1 over mTLS, rebuilds its root key from the Keepers",
          "and keeps them hydrated. Configured by environment variables; takes no arguments.");

  /** Every environment variable this server reads ({@code spike-nexus --help} lists them). */
  static final List<String> ENVIRONMENT =
      Stream.concat(
              Stream.of(
                  "SPIKE_NEXUS_AUDIT_FILE",
                  "SPIKE_NEXUS_AUDIT_KEY",
                  "SPIKE_NEXUS_AUDIT_REQUIRED",
                  "SPIKE_HTTP_CLIENT_DIALER_TIMEOUT",
                  "SPIKE_HTTP_CLIENT_TIMEOUT",
                  "SPIKE_NEXUS_BACKEND_STORE",
                  "SPIKE_NEXUS_BOOTSTRAP_CLAIM_LEASE",
                  "SPIKE_NEXUS_CAS_REQUIRED",
                  "SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE",
                  "SPIKE_NEXUS_DATA_DIR",
                  "SPIKE_NEXUS_DB_BUSY_TIMEOUT_MS",
                  "SPIKE_NEXUS_DB_JOURNAL_MODE",
                  "SPIKE_NEXUS_DB_MAX_OPEN_CONNS",
                  "SPIKE_NEXUS_DB_SYNCHRONOUS",
                  "SPIKE_NEXUS_PG_URL",
                  "SPIKE_NEXUS_PG_USER",
                  "SPIKE_NEXUS_PG_PASSWORD_FILE",
                  "SPIKE_NEXUS_PG_SSLMODE",
                  "SPIKE_NEXUS_PG_SSLROOTCERT",
                  "SPIKE_NEXUS_PG_POOL_SIZE",
                  "SPIKE_NEXUS_PG_MIGRATE_FROM_SQLITE",
                  "SPIKE_NEXUS_KEEPER_PEERS",
                  "SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL",
                  "SPIKE_NEXUS_MAX_SECRET_VERSIONS",
                  "SPIKE_NEXUS_RECOVERY_MAX_INTERVAL",
                  "SPIKE_NEXUS_RESTORE_IDLE_TIMEOUT",
                  "SPIKE_NEXUS_RESTORE_RATE_LIMIT",
                  "SPIKE_NEXUS_ROTATION_FOLLOW_GRACE",
                  "SPIKE_NEXUS_ROTATION_RESEAL_BATCH",
                  "SPIKE_NEXUS_ROTATION_TEST_STEP_PAUSE",
                  "SPIKE_NEXUS_SHAMIR_MAX_SHARE_COUNT",
                  "SPIKE_NEXUS_SHAMIR_SHARES",
                  "SPIKE_NEXUS_SHAMIR_THRESHOLD",
                  "SPIKE_NEXUS_TLS_PORT"),
              LauncherHelp.SERVER_COMMON.stream())
          .distinct()
          .toList();

  private NexusMain() {}

  /**
   * Runs Nexus until SIGTERM/SIGINT; exits 1 on a configuration error.
   *
   * @param args none, or {@code import-spike ...} to import a SPIKE database offline
   */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("import-spike")) {
      System.exit(
          ImportSpikeCommand.run(
              java.util.Arrays.copyOfRange(args, 1, args.length),
              System.getenv(),
              System.in,
              new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
              new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true)));
    }
    OptionalInt help =
        LauncherHelp.handle(
            args,
            "spike-nexus",
            DESCRIPTION,
            ENVIRONMENT,
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    if (help.isPresent()) {
      System.exit(help.getAsInt());
    }
    Map<String, String> env = System.getenv();
    DevParentWatch.startIfRequested(env);
    try (Nexus nexus = Nexus.start(env)) {
      Runtime.getRuntime().addShutdownHook(new Thread(nexus::close, "nexus-shutdown"));
      nexus.join();
    } catch (IllegalArgumentException
        | IllegalStateException
        | SvidUnavailableException
        | StoreException e) {
      // what an operator can fix (configuration, SVID files, the store): one line, no stack trace
      LOG.error("SPIKE Nexus cannot start: {}", e.getMessage());
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A running Nexus (the process's parts, closed together). */
  static final class Nexus implements AutoCloseable {
    private final SpikeServer server;
    private final X509SvidSource source;
    private final Optional<RootKeyCustody> custody;
    private final AtomicReference<Backend> backend;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService following;
    private final Optional<KeeperClient> keeperClient;
    private final ChainedAuditFile audit;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Nexus(
        SpikeServer server,
        X509SvidSource source,
        Optional<RootKeyCustody> custody,
        AtomicReference<Backend> backend,
        ScheduledExecutorService scheduler,
        ScheduledExecutorService following,
        Optional<KeeperClient> keeperClient,
        ChainedAuditFile audit) {
      this.audit = audit;
      this.server = server;
      this.source = source;
      this.custody = custody;
      this.backend = backend;
      this.scheduler = scheduler;
      this.following = following;
      this.keeperClient = keeperClient;
    }

    static Nexus start(Map<String, String> env) {
      return start(env, StartupTimeline.sinceProcessStart());
    }

    static Nexus start(Map<String, String> env, StartupTimeline timeline) {
      timeline.mark("main");
      Env e = Env.of(env);
      SpikeRoles roles = SpikeRoles.fromEnv(env);
      BackendConfig storeConfig = BackendConfig.fromEnvironment(env);
      ShamirParameters parameters;
      try {
        parameters =
            ShamirParameters.of(
                e.positiveInt("SPIKE_NEXUS_SHAMIR_THRESHOLD", 2),
                e.positiveInt("SPIKE_NEXUS_SHAMIR_SHARES", 3));
      } catch (InvalidShamirParametersException ex) {
        throw new IllegalArgumentException(ex.getMessage());
      }
      boolean usesKeepers = storeConfig.kind() != BackendKind.MEMORY;
      List<URI> keepers =
          usesKeepers ? KeeperPeers.parse(env.get("SPIKE_NEXUS_KEEPER_PEERS")) : List.of();
      if (usesKeepers && keepers.size() != parameters.shares()) {
        throw new IllegalArgumentException(
            "keeper count mismatch: SPIKE_NEXUS_SHAMIR_SHARES="
                + parameters.shares()
                + " but "
                + keepers.size()
                + " keepers configured in SPIKE_NEXUS_KEEPER_PEERS; these values must match");
      }
      timeline.mark("config");
      X509SvidSource source = SvidSources.fromEnv(env);
      timeline.mark("svid");
      if (!roles.has(source.svid().spiffeId(), SpikeRole.NEXUS)) {
        source.close();
        throw new IllegalStateException(
            "this process's SVID "
                + source.svid().spiffeId()
                + " is not a SPIKE Nexus ID (spiffe://<trust root>/spike/nexus)");
      }
      // The Keepers are asked for their shards now, while the store is probed and the audit chain
      // opens (ADR 0234): only after the role check, and the recovery reads the answers later.
      // The client is made on that thread too: its TLS context is not the main thread's work.
      Duration keeperTimeout = e.duration("SPIKE_HTTP_CLIENT_TIMEOUT", Duration.ofSeconds(10));
      Optional<ParallelPart<KeepersAsked>> asking =
          usesKeepers
              ? Optional.of(
                  ParallelPart.start(
                      "nexus-keepers-asked",
                      () ->
                          KeepersAsked.ask(
                              source,
                              roles.verifierFor(SpikeRole.KEEPER),
                              keeperTimeout,
                              keepers,
                              parameters.threshold())))
              : Optional.empty();
      ServerMetrics metrics = ServerMetrics.create("nexus");
      timeline.mark("metrics");
      // Opening the audit chain (signing key, last record) and probing the store are independent:
      // the chain opens on its own thread meanwhile (ADR 0191); nothing records before the join.
      ParallelPart<ChainedAuditFile> opening =
          ParallelPart.start(
              "nexus-audit-open", () -> NexusAudit.open(env, storeConfig.dataDir(), metrics));
      boolean probed;
      ClusterState cluster;
      try {
        cluster =
            ClusterState.open(
                storeConfig,
                e.duration("SPIKE_NEXUS_BOOTSTRAP_CLAIM_LEASE", ClusterState.CLAIM_LEASE));
        probed = usesKeepers && probeInitialized(storeConfig);
        if (usesKeepers) {
          timeline.mark("store probe");
        }
      } catch (RuntimeException ex) {
        asking.ifPresent(ParallelPart::abandon);
        opening.abandon();
        source.close();
        throw ex;
      }
      ChainedAuditFile audit;
      try {
        audit = opening.await();
      } catch (RuntimeException ex) {
        asking.ifPresent(ParallelPart::abandon);
        cluster.close();
        source.close();
        throw ex;
      }
      timeline.mark("audit");
      NexusEvents events = new RecordedNexusEvents(audit, metrics.registry());
      AtomicReference<Backend> backend = new AtomicReference<>();
      IntConsumer batchSizes = NexusMetrics.commitBatchSizes(metrics.registry());
      ScheduledExecutorService scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "nexus-keepers");
                t.setDaemon(true);
                return t;
              });
      ScheduledExecutorService following =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "nexus-rotation-follower");
                t.setDaemon(true);
                return t;
              });
      Optional<RootKeyCustody> custody = Optional.empty();
      Optional<SplitInForce> splitInForce = Optional.empty();
      Optional<KeeperClient> keeperClient = Optional.empty();
      Optional<RotationService> rotation = Optional.empty();
      Optional<RotationFollower> follower = Optional.empty();
      AtomicBoolean initialized = new AtomicBoolean();
      if (!usesKeepers) {
        LOG.warn("in-memory mode: no SPIKE Keepers, no root-key custody, not for production");
        backend.set(
            BackendFactory.open(storeConfig, RootKey.generate(new SecureRandom()), batchSizes));
        timeline.mark(StartupTimeline.KEY_INSTALLED);
      } else {
        initialized.set(probed);
        SplitInForce split = new SplitInForce(parameters);
        splitInForce = Optional.of(split);
        readSplit(cluster, split);
        ActivationCommitments commitments =
            new ActivationCommitments(
                split, parameters.threshold(), storeConfig.kind() != BackendKind.POSTGRES);
        RootKeyCustody c =
            new RootKeyCustody(
                split,
                key -> {
                  timeline.mark("key rebuilt");
                  Backend activated = activate(storeConfig, key, batchSizes);
                  timeline.mark("store opened under the key");
                  commitments.onActivated(activated, key);
                  backend.set(activated);
                  initialized.set(true);
                });
        custody = Optional.of(c);
        KeepersAsked asked = asking.orElseThrow().await();
        KeeperClient kc = asked.client();
        keeperClient = Optional.of(kc);
        EarlyKeeperFetch answers = asked.answers();
        c.onInstalled(
            from -> {
              timeline.mark(StartupTimeline.KEY_INSTALLED);
              timeline.readySummary().ifPresent(summary -> LOG.info("SPIKE Nexus {}", summary));
            });
        c.onInstalled(events::rootKeyInstalled);
        ObservedKeeperGateway gateway =
            new ObservedKeeperGateway(new KeeperClientGateway(keepers, kc), events);
        KeeperRehydrator rehydrator = new KeeperRehydrator(gateway, c);
        RotationDriver.StoreReopener reopener =
            (current, older) -> {
              Backend fresh = BackendFactory.open(storeConfig, current, older, batchSizes);
              Backend previous = backend.getAndSet(fresh);
              if (previous != null) {
                // requests already holding it finish first
                scheduler.schedule(previous::close, 10, TimeUnit.SECONDS);
              }
              return fresh;
            };
        boolean shared = storeConfig.kind() == BackendKind.POSTGRES;
        RotationDriver driver =
            new RotationDriver(
                gateway,
                split::parameters,
                reopener,
                new SecureRandom(),
                e.positiveInt("SPIKE_NEXUS_ROTATION_RESEAL_BATCH", 256),
                RotationDriver.sleeping(
                    e.duration("SPIKE_NEXUS_ROTATION_TEST_STEP_PAUSE", Duration.ZERO)),
                // other instances open the new key while the record still holds it (ADR-0165)
                RotationDriver.sleeping(
                    shared
                        ? e.duration("SPIKE_NEXUS_ROTATION_FOLLOW_GRACE", Duration.ofSeconds(3))
                        : Duration.ZERO));
        RekeyDriver rekeys = new RekeyDriver(gateway, split);
        RotationService rs =
            new RotationService(
                driver,
                Optional.of(rekeys),
                c,
                () -> Optional.ofNullable(backend.get()),
                scheduler,
                RotationService.DEFAULT_RETRIES,
                events);
        NexusMetrics.registerRekey(metrics.registry(), rekeys);
        NexusMetrics.registerRotation(metrics.registry(), driver);
        NexusMetrics.registerKeyRunRetries(metrics.registry(), rs);
        // the commitments' check a restart deferred (ADR 0207) runs first on this thread: before
        // any rotation step or Keeper check, as it did inside the activation
        c.onInstalled(from -> scheduler.execute(() -> commitments.finishDeferred(c, backend::get)));
        // an interrupted rotation is finished first (same thread), so that the Keeper check that
        // follows pushes the shards of the key it ends with, never undoes a delivery
        c.onInstalled(from -> scheduler.execute(rs::resumeIfInterrupted));
        c.onInstalled(from -> scheduler.execute(rehydrator));
        rotation = Optional.of(rs);
        if (shared) {
          RotationFollower f =
              new RotationFollower(
                  c,
                  () -> Optional.ofNullable(backend.get()),
                  reopener,
                  rs::busy,
                  System::nanoTime);
          // its own thread: the Keeper-check thread may be busy with a slow Keeper
          following.scheduleWithFixedDelay(f::poll, 250, 250, TimeUnit.MILLISECONDS);
          follower = Optional.of(f);
        }
        Duration interval =
            e.duration("SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", DEFAULT_KEEPER_CHECK_INTERVAL);
        scheduler.scheduleWithFixedDelay(
            () -> {
              // another instance sharing the store may have re-split the key (ADR-0163)
              readSplit(cluster, split);
              rehydrator.run();
            },
            interval.toMillis(),
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
        long retry = Math.min(interval.toMillis(), UNREACHABLE_KEEPER_RETRY.toMillis());
        scheduler.scheduleWithFixedDelay(
            rehydrator::retryUnreachable, retry, retry, TimeUnit.MILLISECONDS);
        Duration maxBackoff =
            e.duration("SPIKE_NEXUS_RECOVERY_MAX_INTERVAL", Duration.ofSeconds(60));
        Backoff backoff =
            Backoff.of(
                Duration.ofMillis(Math.min(500, maxBackoff.toMillis())),
                maxBackoff.compareTo(Duration.ofMillis(500)) < 0
                    ? Duration.ofMillis(500)
                    : maxBackoff,
                2.0,
                0.5);
        // the first round reads the early answers (their checks are recorded as they are read);
        // the answers it did not read are discarded before the next round, so every later fetch,
        // and the Keeper checks after ready, ask the Keepers afresh
        AtomicBoolean firstRound = new AtomicBoolean(true);
        KeeperRecovery recovering =
            new KeeperRecovery(
                new ObservedKeeperGateway(answers, events),
                c,
                backoff,
                Thread::sleep,
                () -> {
                  if (!firstRound.getAndSet(false)) {
                    answers.discard();
                  }
                  if (!c.isReady()) {
                    StoredSplit.apply(cluster.splitMeta(), split);
                  }
                });
        Thread recovery =
            new Thread(
                () -> {
                  try {
                    recovering.run();
                  } finally {
                    answers.discard();
                  }
                },
                "nexus-recovery");
        recovery.setDaemon(true);
        recovery.start();
        timeline.mark("recovery started");
      }
      Optional<RootKeyCustody> held = custody;
      Optional<RotationService> runningRotation = rotation;
      Optional<SplitInForce> heldSplit = splitInForce;
      RestoreSession<Shard> session =
          new RestoreSession<>(
              () -> heldSplit.map(SplitInForce::restoreThreshold).orElse(parameters.threshold()),
              shard -> heldSplit.flatMap(sp -> sp.refusal(shard)),
              e.duration("SPIKE_NEXUS_RESTORE_IDLE_TIMEOUT", Duration.ofMinutes(15)),
              Clock.systemUTC(),
              Shard::index,
              Shard::close,
              () -> held.map(RootKeyCustody::isReady).orElse(false),
              shards -> rebuild(held.orElseThrow(), shards));
      OperatorRoutes operator =
          new OperatorRoutes(
              roles,
              custody,
              session,
              new AttemptLimiter(
                  e.positiveInt("SPIKE_NEXUS_RESTORE_RATE_LIMIT", 30),
                  Duration.ofMinutes(1),
                  Clock.systemUTC()),
              e.positiveInt("SPIKE_NEXUS_SHAMIR_MAX_SHARE_COUNT", 1000),
              // another instance sharing the database may have keyed it since this one started
              () ->
                  initialized.get()
                      || (storeConfig.kind() == BackendKind.POSTGRES && cluster.initialized()),
              cluster::claimBootstrap,
              events,
              () -> runningRotation.flatMap(RotationService::unfinished));
      NexusMetrics.register(
          metrics.registry(),
          () ->
              held.map(RootKeyCustody::isReady).orElse(true)
                  ? NexusMetrics.RootKeyState.READY
                  : session.progress().collected() > 0
                      ? NexusMetrics.RootKeyState.RESTORING
                      : NexusMetrics.RootKeyState.WAITING,
          backend);
      timeline.mark("store state");
      RouteTable.Builder table = operator.addTo(RouteTable.builder());
      new CommitmentRoutes(roles, () -> Optional.ofNullable(backend.get())).addTo(table);
      new RotationRoutes(roles, rotation).addTo(table);
      new RekeyRoutes(roles, rotation).addTo(table);
      DataPlaneRoutes dataPlane = DataPlaneRoutes.fromEnvironment(env, roles, backend::get);
      Optional<RotationFollower> lagging = follower;
      dataPlane.keyLag(() -> lagging.flatMap(RotationFollower::behind));
      dataPlane.addTo(table);
      Optional<RootKeyCustody> gateCustody = custody;
      Set<String> emergency = Set.copyOf(OperatorRoutes.EMERGENCY_PATHS);
      timeline.mark("routes");
      SpikeServer server =
          SpikeServer.builder()
              .name("nexus")
              .config(ServerConfig.fromEnv(env, "SPIKE_NEXUS_TLS_PORT", ":8553"))
              .svidSource(source)
              .peerVerifier(SpiffeIdVerifier.anyIn(Set.copyOf(trustDomains(roles))))
              // An operator must reach a flooded Nexus: these roles may use the reserved share.
              .privilegedPeers(
                  id ->
                      roles.hasAny(
                          id,
                          SpikeRole.PILOT_SUPERUSER,
                          SpikeRole.PILOT_RECOVER,
                          SpikeRole.PILOT_RESTORE))
              .routes(table.build())
              // Store refusals outside the data plane (restore, recover) get the same status.
              .errorTable(
                  ErrorTable.builder()
                      .map(StorageUnavailableException.class, ErrorCode.STORAGE_UNAVAILABLE)
                      .build())
              .readinessGate(
                  path ->
                      gateCustody.map(RootKeyCustody::isReady).orElse(true)
                          || emergency.contains(path))
              .readiness(() -> gateCustody.map(RootKeyCustody::isReady).orElse(true))
              .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
              .audit(audit)
              .metrics(metrics)
              .metricsListener(MetricsListener.fromEnv(env))
              .build();
      timeline.mark("jetty built");
      server.start();
      timeline.mark(StartupTimeline.SERVING);
      LOG.info("SPIKE Nexus audit chain: {}", audit.file());
      LOG.info(
          "SPIKE Nexus {} listening on {} (backend {}, {} of {} shards needed, {} keepers)",
          source.svid().spiffeId(),
          server.uri(),
          storeConfig.kind().wireName(),
          parameters.threshold(),
          parameters.shares(),
          keepers.size());
      timeline.readySummary().ifPresent(summary -> LOG.info("SPIKE Nexus {}", summary));
      return new Nexus(server, source, custody, backend, scheduler, following, keeperClient, audit);
    }

    /** Returns the server (for tests: its ports). */
    SpikeServer server() {
      return server;
    }

    void join() throws InterruptedException {
      server.join();
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      server.close();
      scheduler.shutdownNow();
      following.shutdownNow();
      keeperClient.ifPresent(KeeperClient::close);
      Backend b = backend.getAndSet(null);
      if (b != null) {
        b.close();
      }
      custody.ifPresent(RootKeyCustody::close);
      audit.close();
      source.close();
    }
  }

  /** Rebuilds the key from restore shards and installs it (key-checked). */
  static void rebuild(RootKeyCustody custody, List<Shard> shards) throws RestoreRefusedException {
    RootKey key;
    SplitInForce split = custody.split();
    try {
      if (split.rekeying()) {
        // files of either split of an unfinished rekey: the shards matching one split rebuild it
        key =
            RekeyDelivery.recover(shards, split.current().orElseThrow(), split.next().orElseThrow())
                .orElseThrow(
                    () ->
                        new RestoreRefusedException(
                            "the shards do not hold a threshold of one split (a rekey is"
                                + " unfinished: give the files of one `spike operator recover`"
                                + " run); the collected shards were discarded: start over"));
      } else {
        key = Shamir.recover(shards, shards.size());
      }
    } catch (GeneralSecurityException e) {
      throw new RestoreRefusedException(
          "the shards do not form a valid root key ("
              + e.getMessage()
              + "); the collected shards were discarded: start over");
    }
    try {
      custody.install(key, "operator restore");
    } catch (KeyCheckMismatchException e) {
      throw new RestoreRefusedException(
          "the shards rebuild a root key that does not match the key-check value stored with this"
              + " Nexus's data (shards of another root key, or mixed up); nothing was changed and"
              + " the collected shards were discarded: start over with shards of one recovery set");
    } catch (RuntimeException e) {
      throw new RestoreRefusedException(
          "the rebuilt root key could not open the data store: " + e.getMessage());
    }
  }

  /** Reads the split in force before a key is known; a store not readable yet is read later. */
  private static void readSplit(ClusterState cluster, SplitInForce split) {
    try {
      StoredSplit.apply(cluster.splitMeta(), split);
    } catch (RuntimeException ex) {
      LOG.warn(
          "cannot read the stored split yet ({}); Keeper recovery reads it again each round",
          ex.getMessage());
    }
  }

  /**
   * Opens the store under a candidate key: a stored key-check value must match it; without one
   * (first start) the key's value is stored now.
   */
  static Backend activate(BackendConfig config, RootKey key) throws KeyCheckMismatchException {
    return activate(config, key, size -> {});
  }

  /** As {@link #activate(BackendConfig, RootKey)}, reporting committed batch sizes. */
  static Backend activate(BackendConfig config, RootKey key, IntConsumer committedBatches)
      throws KeyCheckMismatchException {
    Backend b = BackendFactory.open(config, key, committedBatches);
    try {
      Optional<byte[]> generations = b.loadKeyGenerations();
      if (generations.isPresent()) {
        b.close();
        return activateGeneration(
            config, KeyGenerations.fromBytes(generations.get()), key, committedBatches);
      }
      migrateIfAsked(config, key, b);
      Optional<byte[]> stored = b.loadKeyCheck();
      if (stored.isPresent()) {
        KeyCheckValue.fromBytes(stored.get()).verify(key);
      } else {
        if (b.hasData()) {
          LOG.warn(
              "the data has no key-check value (written before key checks existed), so this root"
                  + " key cannot be verified against it; storing its key-check value now");
        }
        // Atomic across instances sharing the store: the first key wins, others are checked.
        byte[] winner = b.claimKeyCheck(KeyCheckValue.of(key).toBytes());
        KeyCheckValue.fromBytes(winner).verify(key);
        LOG.info("stored the root key's key-check value with the data (first start)");
      }
      return b;
    } catch (KeyCheckMismatchException | RuntimeException ex) {
      b.close();
      throw ex;
    }
  }

  /**
   * Opens a store that records root-key generations (ADR-0162) under the keys the candidate opens:
   * during an interrupted rotation either of its keys is accepted; a key of a generation a finished
   * rotation replaced is refused with a message naming that rotation.
   */
  private static Backend activateGeneration(
      BackendConfig config, KeyGenerations g, RootKey key, IntConsumer committedBatches)
      throws KeyCheckMismatchException {
    try (GenerationActivation.Keys keys = GenerationActivation.plan(g, key)) {
      keys.interrupted()
          .ifPresent(
              r ->
                  LOG.warn(
                      "a root-key rotation to generation {} was interrupted in phase {}; the data"
                          + " opens under both keys, and a rotation must be finished before"
                          + " another starts",
                      r.to(),
                      r.phase()));
      return BackendFactory.open(config, keys.current(), keys.older(), committedBatches);
    } catch (SupersededRecoveryException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (KeyCheckMismatchException e) {
      throw e;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(
          "a root key stored sealed with the data does not open under this key", e);
    }
  }

  /**
   * With {@code SPIKE_NEXUS_PG_MIGRATE_FROM_SQLITE=true}, copies the SQLite store of {@code
   * SPIKE_NEXUS_DATA_DIR} into a still empty PostgreSQL store, after checking the key against the
   * SQLite store's key-check value (a wrong key changes nothing).
   */
  static void migrateIfAsked(BackendConfig config, RootKey key, Backend target)
      throws KeyCheckMismatchException {
    if (config.kind() != BackendKind.POSTGRES
        || !config.postgres().orElseThrow().migrateFromSqlite()
        || target.hasData()
        || target.loadKeyCheck().isPresent()) {
      return;
    }
    if (!SqliteStore.inspect(config.dataDir()).initialized()) {
      LOG.warn(
          "SPIKE_NEXUS_PG_MIGRATE_FROM_SQLITE=true but {} holds no SQLite store; nothing copied",
          config.dataDir());
      return;
    }
    try (Backend source =
        BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, config.dataDir()), key)) {
      Optional<byte[]> check = source.loadKeyCheck();
      if (check.isPresent()) {
        KeyCheckValue.fromBytes(check.get()).verify(key);
      }
      SqliteToPostgres.copy(source, target);
    }
  }

  /**
   * Whether the store already holds a key-check value or data: read-only, before any key is known.
   */
  static boolean probeInitialized(BackendConfig config) {
    if (config.kind() == BackendKind.POSTGRES) {
      try (ClusterState cluster = ClusterState.open(config)) {
        return cluster.initialized();
      } catch (RuntimeException e) {
        LOG.warn(
            "cannot read the PostgreSQL store yet ({}); asked again per request", e.getMessage());
        return false;
      }
    }
    if (config.kind() != BackendKind.SQLITE) {
      return false;
    }
    SqliteNativeLibrary.useCopyIn(config.dataDir());
    return SqliteStore.inspect(config.dataDir()).initialized();
  }

  private static List<String> trustDomains(SpikeRoles roles) {
    return roles.basesOf(SpikeRole.NEXUS).stream()
        .map(ist.spike.identity.SpiffeId::trustDomain)
        .distinct()
        .toList();
  }
}
