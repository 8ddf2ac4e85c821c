package ist.spike.dist.stack;

import static java.util.Objects.requireNonNull;

import ist.spike.dist.AotCache;
import ist.spike.dist.JvmFlags;
import ist.spike.dist.stack.StackIdentities.Component;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole SPIKE system on this machine: N Keepers, Nexus and (unless disabled) Bootstrap, each
 * its own supervised OS process on 127.0.0.1, plus {@code DIR/env} for {@code bin/spike}.
 *
 * <p>Layout of the stack directory (0700): {@code trust/} development CA and SVIDs, {@code nexus/}
 * Nexus data ({@code SPIKE_NEXUS_DATA_DIR}), {@code postgres/} the PostgreSQL data directory for
 * {@code --backend postgres} (shared by every Nexus instance), {@code logs/<component>.log}, {@code
 * run/<component>.pid}, {@code env}, and {@code recover/} when the operator runs {@code spike
 * operator recover}.
 */
public final class DevStack implements AutoCloseable {
  static final String NEXUS = "nexus";
  static final String BOOTSTRAP = "bootstrap";

  /** Keeper's main class. */
  public static final String KEEPER_MAIN = "ist.spike.keeper.KeeperMain";

  /** Nexus's main class. */
  public static final String NEXUS_MAIN = "ist.spike.nexus.NexusMain";

  static final String BOOTSTRAP_MAIN = "ist.spike.bootstrap.BootstrapMain";
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  static final Duration RECORD_EXIT_TIMEOUT = Duration.ofSeconds(120);

  private final StackOptions options;
  private final StackIdentities identities;
  private final NexusProbe probe;
  private final PrintStream out;
  private final Supervisor supervisor;
  private final List<Integer> nexusPorts;
  private final List<Integer> keeperPorts;
  private final int postgresPort;
  private DevPostgres postgres;
  private Optional<Integer> bootstrapStatus = Optional.empty();
  private int threshold;

  private DevStack(
      StackOptions options,
      StackIdentities identities,
      NexusProbe probe,
      PrintStream out,
      Supervisor supervisor) {
    this.options = options;
    this.identities = identities;
    this.probe = probe;
    this.out = out;
    this.supervisor = supervisor;
    int n = options.nexusCount();
    int keepers = options.usesKeepers() ? options.keepers() : 0;
    List<Integer> ports = FreePorts.allocate(n + keepers + 1);
    this.nexusPorts = List.copyOf(ports.subList(0, n));
    this.keeperPorts = List.copyOf(ports.subList(n, n + keepers));
    this.postgresPort = ports.get(n + keepers);
    this.threshold = options.threshold();
  }

  /**
   * Starts the stack and waits until every component listens and, when Bootstrap ran, until Nexus
   * is ready. On failure everything started is stopped again.
   *
   * @param options what to start
   * @param identities SVID directories for the components
   * @param probe asks Nexus whether it is ready
   * @param out where progress and restarts are reported
   * @return the running stack; close it to stop every child
   * @throws StackStartException if a component does not come up
   */
  public static DevStack start(
      StackOptions options, StackIdentities identities, NexusProbe probe, PrintStream out)
      throws StackStartException, InterruptedException {
    requireNonNull(options, "options");
    Path dir = options.dir().toAbsolutePath().normalize();
    createPrivateDirectory(dir);
    for (String sub : List.of("logs", "run", "nexus", "audit")) {
      createPrivateDirectory(dir.resolve(sub));
    }
    Supervisor supervisor = Supervisor.forThisJvm(dir.resolve("run"), out);
    DevStack stack = new DevStack(options, identities, probe, out, supervisor);
    try {
      stack.startAll(dir);
      return stack;
    } catch (StackStartException | InterruptedException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(Path dir) throws StackStartException, InterruptedException {
    for (int i = 0; i < keeperPorts.size(); i++) {
      supervisor.start(keeperSpec(dir, i + 1));
    }
    for (int i = 0; i < keeperPorts.size(); i++) {
      awaitListening("keeper-" + (i + 1), keeperPorts.get(i), dir);
    }
    if (usesPostgres()) {
      out.printf("spike-dev: starting PostgreSQL in %s%n", dir.resolve("postgres"));
      postgres = DevPostgres.start(dir.resolve("postgres"), postgresPort);
    }
    for (int i = 0; i < nexusPorts.size(); i++) {
      supervisor.start(nexusSpec(dir, i));
    }
    for (int i = 0; i < nexusPorts.size(); i++) {
      awaitListening(nexusName(i), nexusPorts.get(i), dir);
    }
    writeEnvFile(dir);
    if (options.bootstrap() && options.usesKeepers()) {
      bootstrapStatus = supervisor.runOnce(bootstrapSpec(dir), Duration.ofMinutes(2));
      if (bootstrapStatus.orElse(-1) != 0) {
        out.printf(
            "spike-dev: bootstrap %s; see %s%n",
            bootstrapStatus.map(s -> "exited with status " + s).orElse("timed out"),
            dir.resolve("logs").resolve(BOOTSTRAP + ".log"));
        return;
      }
    }
    if (options.bootstrap() || !options.usesKeepers()) {
      if (!awaitReady(START_TIMEOUT)) {
        throw new StackStartException(
            "Nexus did not become ready within "
                + START_TIMEOUT.toSeconds()
                + "s; see "
                + dir.resolve("logs").resolve(NEXUS + ".log"));
      }
    }
  }

  private boolean usesPostgres() {
    return options.backend().equals("postgres");
  }

  /**
   * Restarts Nexus and Keeper 1 in AOT record mode and drives the paths whose start-up matters: a
   * Nexus restart that recovers its root key from the Keepers, a Keeper start that Nexus gives its
   * shard to again, and the requests {@code work} sends. Then stops the stack; the two JVMs write
   * their training records ({@link AotCache#configurationFile}) as they exit.
   *
   * @param aot where the records go
   * @param work requests to send once Nexus is ready again (for example a secret put and get)
   * @throws StackStartException if Nexus does not become ready again
   */
  public void recordAotTraining(AotCache aot, Runnable work)
      throws StackStartException, InterruptedException {
    requireNonNull(aot, "aot");
    requireNonNull(work, "work");
    Path dir = options.dir().toAbsolutePath().normalize();
    supervisor.pause(NEXUS);
    supervisor.resume(NEXUS, withOptions(nexusSpec(dir, 0), nexusRecordOptions(aot)));
    if (!awaitReady(START_TIMEOUT)) {
      throw new StackStartException(
          "Nexus did not become ready again in AOT record mode; see "
              + dir.resolve("logs").resolve(NEXUS + ".log"));
    }
    if (!keeperPorts.isEmpty()) {
      supervisor.pause("keeper-1");
      supervisor.resume("keeper-1", withOptions(keeperSpec(dir, 1), keeperRecordOptions(aot)));
      awaitListening("keeper-1", keeperPorts.get(0), dir);
      // Nexus gives the restarted Keeper its shard within one update interval.
      Thread.sleep(options.keeperUpdateInterval().multipliedBy(3).toMillis());
    }
    work.run();
    // the record is written as the JVM exits; on a loaded machine that takes several seconds
    boolean written = supervisor.pauseGracefully(NEXUS, RECORD_EXIT_TIMEOUT);
    if (!keeperPorts.isEmpty()) {
      written &= supervisor.pauseGracefully("keeper-1", RECORD_EXIT_TIMEOUT);
    }
    close();
    if (!written) {
      throw new StackStartException(
          "a JVM in AOT record mode did not exit within " + RECORD_EXIT_TIMEOUT.toSeconds() + "s");
    }
  }

  /** The options that put a Nexus in record mode: its kind's cache options, then the record's. */
  static List<String> nexusRecordOptions(AotCache aot) {
    List<String> options = JvmFlags.NEXUS.aotCacheOptions();
    options.addAll(aot.recordOptions(NEXUS_MAIN));
    return options;
  }

  /** The options that put a Keeper in record mode: its kind's cache options, then the record's. */
  static List<String> keeperRecordOptions(AotCache aot) {
    List<String> options = JvmFlags.KEEPER.aotCacheOptions();
    options.addAll(aot.recordOptions(KEEPER_MAIN));
    return options;
  }

  private static ChildSpec withOptions(ChildSpec spec, List<String> more) {
    List<String> jvm = new ArrayList<>(spec.jvmOptions());
    jvm.addAll(more);
    return new ChildSpec(spec.name(), spec.mainClass(), spec.args(), jvm, spec.env(), spec.log());
  }

  /** The first instance keeps the single-Nexus names (log file, pid file). */
  static String nexusName(int index) {
    return index == 0 ? NEXUS : NEXUS + "-" + (index + 1);
  }

  /** Waits until every Nexus instance reports ready; returns false on timeout. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (isNexusReady()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Whether every Nexus instance reports ready right now. */
  public boolean isNexusReady() {
    for (URI u : nexusUrls()) {
      if (!probe.isReady(u)) {
        return false;
      }
    }
    return true;
  }

  private void awaitListening(String name, int port, Path dir)
      throws StackStartException, InterruptedException {
    if (!FreePorts.awaitListening(port, START_TIMEOUT)) {
      throw new StackStartException(
          name
              + " is not listening on 127.0.0.1:"
              + port
              + " after "
              + START_TIMEOUT.toSeconds()
              + "s; see "
              + dir.resolve("logs").resolve(name + ".log"));
    }
  }

  /** Nexus's signed, hash-chained audit file (check it with {@code spike audit verify}). */
  public static Path nexusAuditFile(Path dir) {
    return dir.resolve("audit").resolve("nexus-audit.jsonl");
  }

  /**
   * The (unchained) request-record file of a Keeper or Bootstrap, created 0600 so the logging
   * backend appends to a private file.
   */
  private static Path auditLog(Path dir, String name) {
    Path file = dir.resolve("audit").resolve(name + "-audit.log");
    try {
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
    return file;
  }

  private Map<String, String> commonEnv(Component component) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPIKE_SVID_DIR", identities.svidDir(component).toString());
    env.put("SPIFFE_ENDPOINT_SOCKET", "");
    env.put("SPIKE_BANNER_ENABLED", "false");
    env.put("SPIKE_SYSTEM_LOG_LEVEL", "INFO");
    return env;
  }

  private Map<String, String> custodyEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPIKE_NEXUS_BACKEND_STORE", options.backend());
    env.put("SPIKE_NEXUS_KEEPER_PEERS", String.join(",", keeperUrls()));
    env.put("SPIKE_NEXUS_SHAMIR_SHARES", Integer.toString(options.keepers()));
    env.put("SPIKE_NEXUS_SHAMIR_THRESHOLD", Integer.toString(threshold));
    env.put("SPIKE_NEXUS_API_URL", nexusUrl().toString());
    return env;
  }

  private ChildSpec keeperSpec(Path dir, int index) {
    Map<String, String> env = commonEnv(Component.KEEPER);
    env.put("SPIKE_KEEPER_TLS_PORT", "127.0.0.1:" + keeperPorts.get(index - 1));
    env.put("SPIKE_AUDIT_LOG", auditLog(dir, "keeper-" + index).toString());
    return new ChildSpec(
        "keeper-" + index,
        KEEPER_MAIN,
        List.of(),
        JvmFlags.KEEPER.options(),
        env,
        dir.resolve("logs").resolve("keeper-" + index + ".log"));
  }

  private ChildSpec nexusSpec(Path dir, int index) {
    Map<String, String> env = commonEnv(Component.NEXUS);
    env.putAll(custodyEnv());
    env.put("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + nexusPorts.get(index));
    env.put("SPIKE_NEXUS_DATA_DIR", dir.resolve("nexus").toString());
    if (usesPostgres()) {
      env.put("SPIKE_NEXUS_PG_URL", postgres.jdbcUrl());
      env.put("SPIKE_NEXUS_PG_USER", "postgres");
      env.put("SPIKE_NEXUS_PG_SSLMODE", "disable");
    }
    env.put("SPIKE_NEXUS_AUDIT_FILE", nexusAuditFile(dir).toString());
    env.put("SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", options.keeperUpdateInterval().toMillis() + "ms");
    return new ChildSpec(
        nexusName(index),
        NEXUS_MAIN,
        List.of(),
        JvmFlags.NEXUS.options(),
        env,
        dir.resolve("logs").resolve(nexusName(index) + ".log"));
  }

  private ChildSpec bootstrapSpec(Path dir) {
    Map<String, String> env = commonEnv(Component.BOOTSTRAP);
    env.putAll(custodyEnv());
    env.put("SPIKE_AUDIT_LOG", auditLog(dir, BOOTSTRAP).toString());
    env.put("SPIKE_BOOTSTRAP_KEEPER_RETRY_INITIAL_INTERVAL", "200ms");
    env.put("SPIKE_BOOTSTRAP_KEEPER_RETRY_MAX_INTERVAL", "2s");
    return new ChildSpec(
        BOOTSTRAP,
        BOOTSTRAP_MAIN,
        List.of("-init"),
        JvmFlags.TOOL.options(),
        env,
        dir.resolve("logs").resolve(BOOTSTRAP + ".log"));
  }

  private void writeEnvFile(Path dir) {
    StringBuilder sb = new StringBuilder();
    sb.append("# SPIKE development stack; use it with:  . ")
        .append(dir.resolve("env"))
        .append('\n');
    sb.append("# bin/spike is then the superuser; SPIKE_PILOT_ROLE=recover or restore picks ")
        .append("those roles.\n");
    Map<String, String> env = new LinkedHashMap<>();
    env.put(
        "SPIKE_NEXUS_API_URL", String.join(",", nexusUrls().stream().map(URI::toString).toList()));
    env.put("SPIKE_SVID_DIR", identities.svidDir(Component.PILOT_SUPERUSER).toString());
    env.put("SPIKE_PILOT_RECOVER_SVID_DIR", identities.svidDir(Component.PILOT_RECOVER).toString());
    env.put("SPIKE_PILOT_RESTORE_SVID_DIR", identities.svidDir(Component.PILOT_RESTORE).toString());
    env.put("SPIKE_PILOT_RECOVERY_DIR", dir.toString());
    env.put("SPIKE_NEXUS_KEEPER_PEERS", String.join(",", keeperUrls()));
    env.put("SPIKE_DEV_DIR", dir.toString());
    for (Map.Entry<String, String> e : env.entrySet()) {
      sb.append("export ").append(e.getKey()).append('=').append(shellQuote(e.getValue()));
      sb.append('\n');
    }
    sb.append("unset SPIFFE_ENDPOINT_SOCKET SPIKE_PILOT_ROLE\n");
    try {
      Path file = dir.resolve("env");
      Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("env"), e);
    }
  }

  static String shellQuote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * Stops Nexus and every Keeper, deletes Nexus's data, and starts them again: a fresh system with
   * empty Keepers (for tests and drills). Waits until all listen again.
   */
  public void resetToEmpty() throws InterruptedException, StackStartException {
    resetToEmpty(options.threshold());
  }

  /**
   * Like {@link #resetToEmpty()}, and Nexus starts again with another Shamir threshold.
   *
   * @param threshold 1..keepers
   */
  public void resetToEmpty(int threshold) throws InterruptedException, StackStartException {
    if (threshold < 1 || threshold > options.keepers()) {
      throw new IllegalArgumentException(
          "threshold must be between 1 and " + options.keepers() + ", got " + threshold);
    }
    Path dir = options.dir().toAbsolutePath().normalize();
    for (int i = 0; i < nexusPorts.size(); i++) {
      supervisor.pause(nexusName(i));
    }
    for (int i = 1; i <= keeperPorts.size(); i++) {
      supervisor.pause("keeper-" + i);
    }
    deleteTree(dir.resolve("nexus"));
    createPrivateDirectory(dir.resolve("nexus"));
    if (postgres != null) {
      postgres.recreateDatabase();
    }
    // Everything restarts at once: the new Keepers are empty, and Nexus just polls until they
    // answer.
    for (int i = 1; i <= keeperPorts.size(); i++) {
      supervisor.resume("keeper-" + i);
    }
    threshold(threshold);
    for (int i = 0; i < nexusPorts.size(); i++) {
      supervisor.resume(nexusName(i), nexusSpec(dir, i));
    }
    for (int i = 0; i < keeperPorts.size(); i++) {
      awaitListening("keeper-" + (i + 1), keeperPorts.get(i), dir);
    }
    for (int i = 0; i < nexusPorts.size(); i++) {
      awaitListening(nexusName(i), nexusPorts.get(i), dir);
    }
  }

  private void threshold(int value) {
    this.threshold = value;
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  /** Returns the first Nexus instance's base URL (Bootstrap's and the operator's). */
  public URI nexusUrl() {
    return nexusUrls().get(0);
  }

  /** Returns every Nexus instance's base URL, first instance first. */
  public List<URI> nexusUrls() {
    return nexusPorts.stream().map(p -> URI.create("https://127.0.0.1:" + p)).toList();
  }

  /** Returns the Keeper URLs in keeper-index order (SPIKE_NEXUS_KEEPER_PEERS). */
  public List<String> keeperUrls() {
    List<String> urls = new ArrayList<>();
    for (int port : keeperPorts) {
      urls.add("https://127.0.0.1:" + port);
    }
    return urls;
  }

  /**
   * Returns the JDBC URL of the stack's PostgreSQL database (user {@code postgres}, trust
   * authentication on 127.0.0.1), empty unless the backend is {@code postgres}.
   */
  public Optional<String> postgresJdbcUrl() {
    return Optional.ofNullable(postgres).map(DevPostgres::jdbcUrl);
  }

  /** Returns the Bootstrap exit status, empty if it did not run or timed out. */
  public Optional<Integer> bootstrapStatus() {
    return bootstrapStatus;
  }

  /** Returns the options the stack runs with. */
  public StackOptions options() {
    return options;
  }

  /** Returns the supervisor (pids, restart counts). */
  public Supervisor supervisor() {
    return supervisor;
  }

  /** Returns the line printed once the stack is up. */
  public String readyLine(boolean nexusReady) {
    Path dir = options.dir().toAbsolutePath().normalize();
    String state;
    if (nexusReady) {
      state = "ready";
    } else if (!options.bootstrap()) {
      state = "waiting for `spike operator restore` (started with --no-bootstrap)";
    } else if (bootstrapStatus.orElse(-1) == 3) {
      state =
          "waiting for `spike operator restore`: Nexus holds data from an earlier run and"
              + " bootstrap refused to replace its root key (docs/recovery-runbook.md)";
    } else {
      state = "NOT ready (see " + dir.resolve("logs") + ")";
    }
    return "SPIKE dev stack up: nexus "
        + String.join(",", nexusUrls().stream().map(URI::toString).toList())
        + " "
        + state
        + ", "
        + (options.usesKeepers()
            ? keeperPorts.size() + " keepers, threshold " + options.threshold()
            : "no keepers (memory backend: no root-key custody)")
        + ", backend "
        + options.backend()
        + ", audit "
        + nexusAuditFile(dir)
        + "; run `. "
        + dir.resolve("env")
        + "` then bin/spike; Ctrl-C stops everything";
  }

  static void createPrivateDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
      if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** Stops every child (SIGTERM, then SIGKILL after a grace period). */
  @Override
  public void close() {
    supervisor.close();
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }
}
