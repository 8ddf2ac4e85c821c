package ist.spike.bench.stack;

import static java.util.Objects.requireNonNull;

import ist.spike.dist.AotCache;
import ist.spike.dist.JvmFlags;
import ist.spike.dist.KindClassPath;
import ist.spike.dist.OptionalJars;
import ist.spike.dist.RuntimeJava;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A SPIKE system of real processes on 127.0.0.1 for benchmarks and fault injection: a development
 * trust domain, N Keepers, Nexus on SQLite and Bootstrap, each its own JVM started on its process
 * kind's class path ({@link KindClassPath}) and configured only by {@code SPIKE_*} variables, as an
 * operator would run them. Unlike {@code bin/spike-dev} it does not restart crashed children: the
 * caller kills and restarts them to inject faults and time recoveries.
 */
public final class LocalStack implements AutoCloseable {
  /** Main classes of the components. */
  public static final String KEEPER_MAIN = "ist.spike.keeper.KeeperMain";

  /** Nexus's main class. */
  public static final String NEXUS_MAIN = "ist.spike.nexus.NexusMain";

  /** Bootstrap's main class. */
  public static final String BOOTSTRAP_MAIN = "ist.spike.bootstrap.BootstrapMain";

  private final Path dir;
  private final DevTrustDomain trust;
  private final int keepers;
  private final int threshold;
  private final int nexusPort;
  private final List<Integer> keeperPorts;
  private final List<String> jvmArgs;
  private final Map<String, String> extraNexusEnv;
  private final Map<String, String> restartNexusEnv =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Child[] keeperProcs;
  private Child nexus;
  private final HttpClient probe;
  private final KindClassPath.Chooser classPath;
  private final Optional<AotCache> aot;
  private volatile boolean useAot = true;

  private LocalStack(Builder b) throws IOException {
    this.dir = b.dir.toAbsolutePath().normalize();
    Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(dir.resolve("nexus"));
    this.trust = DevTrustDomain.create(dir.resolve("trust"));
    this.keepers = b.keepers;
    this.threshold = b.threshold;
    List<Integer> ports = freePorts(1 + keepers);
    this.nexusPort = ports.get(0);
    this.keeperPorts = List.copyOf(ports.subList(1, ports.size()));
    this.jvmArgs = List.copyOf(b.jvmArgs);
    this.extraNexusEnv = Map.copyOf(b.nexusEnv);
    this.keeperProcs = new Child[keepers];
    this.classPath = b.classPath;
    this.aot = b.aot;
    this.probe =
        Mtls.client(
            trust.sourceFor(SpikeRole.PILOT_SUPERUSER), trust.roles().verifierFor(SpikeRole.NEXUS));
  }

  /** A builder for a stack in {@code dir}. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** The stack's directory. */
  public Path dir() {
    return dir;
  }

  /** The development trust domain (SVIDs for every role). */
  public DevTrustDomain trust() {
    return trust;
  }

  /** Nexus's base URL. */
  public URI nexusUrl() {
    return URI.create("https://127.0.0.1:" + nexusPort);
  }

  /** Keeper URLs in index order. */
  public List<String> keeperUrls() {
    List<String> urls = new ArrayList<>();
    for (int p : keeperPorts) {
      urls.add("https://127.0.0.1:" + p);
    }
    return urls;
  }

  /** The number of Keepers and the Shamir threshold. */
  public int keepers() {
    return keepers;
  }

  /** The Shamir threshold. */
  public int threshold() {
    return threshold;
  }

  /**
   * Starts every Keeper, then Nexus, runs Bootstrap, and waits until Nexus is ready. On failure
   * every process started so far is stopped before the exception propagates.
   */
  public LocalStack startAll(Duration timeout) throws IOException, InterruptedException {
    try {
      return startAllOrThrow(timeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private LocalStack startAllOrThrow(Duration timeout) throws IOException, InterruptedException {
    for (int i = 1; i <= keepers; i++) {
      startKeeper(i);
    }
    for (int i = 1; i <= keepers; i++) {
      awaitListening(keeperPorts.get(i - 1), timeout, keeperProcs[i - 1]);
    }
    startNexus();
    awaitListening(nexusPort, timeout, nexus);
    int status = runBootstrap(timeout);
    if (status != 0) {
      throw new IllegalStateException(
          "bootstrap exited with " + status + ":\n" + tail(dir.resolve("logs/bootstrap.log")));
    }
    if (!awaitReady(timeout)) {
      throw new IllegalStateException("Nexus did not become ready:\n" + nexus.logTail(30));
    }
    return this;
  }

  /** Starts Keeper {@code index} (1-based); its shard slot is empty until Nexus or Bootstrap. */
  public Child startKeeper(int index) throws IOException {
    return startKeeper(index, List.of());
  }

  /**
   * Starts Keeper {@code index} with extra JVM options after the launcher's.
   *
   * @param index 1-based
   * @param extraJvmArgs options appended last (they win over earlier ones)
   * @return the Keeper process
   */
  public Child startKeeper(int index, List<String> extraJvmArgs) throws IOException {
    Map<String, String> env = common(SpikeRole.KEEPER);
    env.put("SPIKE_KEEPER_TLS_PORT", "127.0.0.1:" + keeperPorts.get(index - 1));
    List<String> jvm =
        withJvm(concat(aotOptions(KEEPER_MAIN, JvmFlags.KEEPER.options()), extraJvmArgs));
    Child c =
        Child.start(
            classPath.classPath(KEEPER_MAIN, OptionalJars.childEnvironment(env), jvm),
            "keeper-" + index,
            KEEPER_MAIN,
            jvm,
            List.of(),
            env,
            dir.resolve("logs/keeper-" + index + ".log"),
            OptionalLong.empty());
    keeperProcs[index - 1] = c;
    return c;
  }

  /** Keeper {@code index}'s process, if started. */
  public Optional<Child> keeper(int index) {
    return Optional.ofNullable(keeperProcs[index - 1]);
  }

  /** Starts Nexus; it recovers its root key from the Keepers by itself. */
  public Child startNexus() throws IOException {
    return startNexus(OptionalLong.empty());
  }

  /**
   * Starts Nexus with an optional limit on the size of any file it writes ({@code ulimit -f}, the
   * kernel's RLIMIT_FSIZE): writes past it fail with EFBIG, which is how a full disk looks to one
   * process without root, loop devices or tmpfs mounts.
   *
   * @param fileSizeLimitBytes the limit, or empty for none
   * @return the Nexus process
   */
  public Child startNexus(OptionalLong fileSizeLimitBytes) throws IOException {
    return startNexus(fileSizeLimitBytes, List.of());
  }

  /**
   * Starts Nexus with extra JVM options after the launcher's.
   *
   * @param extraJvmArgs options appended last (they win over earlier ones)
   * @return the Nexus process
   */
  public Child startNexus(List<String> extraJvmArgs) throws IOException {
    return startNexus(OptionalLong.empty(), extraJvmArgs);
  }

  /**
   * Starts Nexus from another build of the product (its jars and AOT caches), with extra JVM
   * options after the launcher's: for comparing two builds against the same Keepers and data.
   *
   * @param libDir the other build's {@code dist/target/lib}
   * @param otherAot that build's AOT caches, or empty to start without one
   * @param extraJvmArgs options appended last
   * @return the Nexus process
   */
  public Child startNexusFrom(Path libDir, Optional<AotCache> otherAot, List<String> extraJvmArgs)
      throws IOException {
    return startNexusFrom(libDir, otherAot, extraJvmArgs, RuntimeJava.forThisJvm());
  }

  /**
   * Like {@link #startNexusFrom(Path, Optional, List)}, on another {@code java} (a build's own
   * runtime image, whose AOT caches only that runtime can use).
   */
  public Child startNexusFrom(
      Path libDir, Optional<AotCache> otherAot, List<String> extraJvmArgs, Path java)
      throws IOException {
    return startNexus(
        OptionalLong.empty(),
        extraJvmArgs,
        (mainClass, env, jvm) -> KindClassPath.inLibDir(libDir, mainClass, env, jvm),
        otherAot,
        java);
  }

  private Child startNexus(OptionalLong fileSizeLimitBytes, List<String> extraJvmArgs)
      throws IOException {
    return startNexus(fileSizeLimitBytes, extraJvmArgs, classPath, aot, RuntimeJava.forThisJvm());
  }

  private Child startNexus(
      OptionalLong fileSizeLimitBytes,
      List<String> extraJvmArgs,
      KindClassPath.Chooser productClassPath,
      Optional<AotCache> productAot,
      Path java)
      throws IOException {
    Map<String, String> env = common(SpikeRole.NEXUS);
    env.putAll(custody());
    env.put("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + nexusPort);
    env.put("SPIKE_NEXUS_DATA_DIR", dir.resolve("nexus").toString());
    env.put("SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", "1s");
    env.putAll(extraNexusEnv);
    env.putAll(restartNexusEnv);
    List<String> jvm = aotOptions(NEXUS_MAIN, JvmFlags.NEXUS.options(), productAot);
    if (fileSizeLimitBytes.isPresent()) {
      // sqlite-jdbc extracts its native library to a temporary file at start, which the limit
      // would forbid: hand it one extracted by this (unlimited) process instead.
      jvm.addAll(sqliteNativeLibraryOptions());
    }
    jvm.addAll(extraJvmArgs);
    List<String> options = withJvm(jvm);
    nexus =
        Child.start(
            java,
            productClassPath.classPath(NEXUS_MAIN, OptionalJars.childEnvironment(env), options),
            "nexus",
            NEXUS_MAIN,
            options,
            List.of(),
            env,
            dir.resolve(fileSizeLimitBytes.isPresent() ? "logs/nexus-fsize.log" : "logs/nexus.log"),
            fileSizeLimitBytes);
    return nexus;
  }

  /**
   * Sets an environment variable for Nexus processes started from now on (after the builder's), for
   * a baseline measured on a restarted Nexus in the same run.
   *
   * @param name the variable
   * @param value its value, or null to drop an earlier one
   */
  public void nexusEnvForRestarts(String name, String value) {
    if (value == null) {
      restartNexusEnv.remove(name);
    } else {
      restartNexusEnv.put(name, value);
    }
  }

  /** The Nexus process, if started. */
  public Optional<Child> nexus() {
    return Optional.ofNullable(nexus);
  }

  /** Runs Bootstrap to completion; returns its exit status (-1 on timeout). */
  public int runBootstrap(Duration timeout) throws IOException, InterruptedException {
    Map<String, String> env = common(SpikeRole.BOOTSTRAP);
    env.putAll(custody());
    env.put("SPIKE_BOOTSTRAP_KEEPER_RETRY_INITIAL_INTERVAL", "200ms");
    env.put("SPIKE_BOOTSTRAP_KEEPER_RETRY_MAX_INTERVAL", "2s");
    List<String> jvm = withJvm(JvmFlags.TOOL.options());
    try (Child b =
        Child.start(
            classPath.classPath(BOOTSTRAP_MAIN, OptionalJars.childEnvironment(env), jvm),
            "bootstrap",
            BOOTSTRAP_MAIN,
            jvm,
            List.of("-init"),
            env,
            dir.resolve("logs/bootstrap.log"),
            OptionalLong.empty())) {
      return b.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Whether Nexus answers {@code GET /readyz} with 200 right now. */
  public boolean isReady() {
    try {
      HttpResponse<Void> r =
          probe.send(
              HttpRequest.newBuilder(nexusUrl().resolve("/readyz"))
                  .timeout(Duration.ofSeconds(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Polls readiness every 10 ms until ready or {@code timeout}; returns whether it became ready.
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (isReady()) {
        return true;
      }
      if (nexus != null && !nexus.isAlive()) {
        return false;
      }
      Thread.sleep(10);
    }
    return false;
  }

  /**
   * How long {@link #awaitListening} sleeps between refused connections: a start time read this way
   * is late by up to this much (half of it on average), so it is kept small; a refused loopback
   * connection costs microseconds.
   */
  public static final int LISTEN_POLL_MILLIS = 5;

  /** Waits until something accepts TCP connections on {@code port}. */
  public static void awaitListening(int port, Duration timeout, Child child)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        if (child != null && !child.isAlive()) {
          throw new IllegalStateException(child.name() + " exited:\n" + child.logTail(30));
        }
        Thread.sleep(LISTEN_POLL_MILLIS);
      }
    }
    throw new IllegalStateException(
        "nothing listens on port "
            + port
            + " after "
            + timeout.toSeconds()
            + "s"
            + (child == null ? "" : ":\n" + child.logTail(30)));
  }

  /** Nexus's data directory (SPIKE_NEXUS_DATA_DIR). */
  public Path nexusDataDir() {
    return dir.resolve("nexus");
  }

  /** The port Nexus listens on. */
  public int nexusPort() {
    return nexusPort;
  }

  /** The port of Keeper {@code index}. */
  public int keeperPort(int index) {
    return keeperPorts.get(index - 1);
  }

  private Map<String, String> common(SpikeRole role) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPIKE_SVID_DIR", trust.svidDirFor(role).toString());
    env.put("SPIFFE_ENDPOINT_SOCKET", "");
    env.put("SPIKE_BANNER_ENABLED", "false");
    env.put("SPIKE_SYSTEM_LOG_LEVEL", "WARN");
    return env;
  }

  private Map<String, String> custody() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPIKE_NEXUS_BACKEND_STORE", "sqlite");
    env.put("SPIKE_NEXUS_KEEPER_PEERS", String.join(",", keeperUrls()));
    env.put("SPIKE_NEXUS_SHAMIR_SHARES", Integer.toString(keepers));
    env.put("SPIKE_NEXUS_SHAMIR_THRESHOLD", Integer.toString(threshold));
    env.put("SPIKE_NEXUS_API_URL", nexusUrl().toString());
    return env;
  }

  private List<String> sqliteNativeLibraryOptions() throws IOException {
    String arch =
        switch (System.getProperty("os.arch")) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch64";
          default -> System.getProperty("os.arch");
        };
    String resource = "/org/sqlite/native/Linux/" + arch + "/libsqlitejdbc.so";
    Path target = dir.resolve("native/libsqlitejdbc.so");
    if (!Files.exists(target)) {
      Files.createDirectories(target.getParent());
      try (java.io.InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("sqlite-jdbc has no native library at " + resource);
        }
        Files.copy(in, target);
      }
    }
    return List.of(
        "-Dorg.sqlite.lib.path=" + target.getParent(), "-Dorg.sqlite.lib.name=libsqlitejdbc.so");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * Whether Nexus and Keepers started from now on use their AOT caches (when the stack was built
   * with some; default true). The benchmark turns it off to measure the baseline in the same run.
   */
  public void useAotCaches(boolean use) {
    this.useAot = use;
  }

  /** Whether this stack has AOT caches for its components. */
  public boolean hasAotCaches() {
    return aot.isPresent()
        && !aot.get().useOptions(NEXUS_MAIN).isEmpty()
        && !aot.get().useOptions(KEEPER_MAIN).isEmpty();
  }

  private List<String> aotOptions(String mainClass, List<String> kind) {
    return aotOptions(mainClass, kind, aot);
  }

  private List<String> aotOptions(String mainClass, List<String> kind, Optional<AotCache> caches) {
    List<String> all = new ArrayList<>(kind);
    if (useAot) {
      caches.ifPresent(a -> all.addAll(a.useOptions(mainClass)));
    }
    return all;
  }

  private List<String> withJvm(List<String> own) {
    List<String> all = new ArrayList<>(own);
    all.addAll(jvmArgs);
    return all;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static List<Integer> freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports.add(s.getLocalPort());
      }
      return Collections.unmodifiableList(ports);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free ports", e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /** Stops every process the stack started. */
  @Override
  public void close() throws InterruptedException {
    if (nexus != null) {
      nexus.close();
    }
    for (Child k : keeperProcs) {
      if (k != null) {
        k.close();
      }
    }
  }

  @Override
  public String toString() {
    return "LocalStack[" + dir + ", keepers " + threshold + "-of-" + keepers + "]";
  }

  /** Builds a {@link LocalStack}. */
  public static final class Builder {
    private final Path dir;
    private int keepers = 3;
    private int threshold = 2;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> nexusEnv = new LinkedHashMap<>();
    private KindClassPath.Chooser classPath = KindClassPath::forThisJvm;
    private Optional<AotCache> aot = Optional.empty();

    private Builder(Path dir) {
      this.dir = requireNonNull(dir, "dir");
    }

    /** Keepers and threshold (default 2-of-3). */
    public Builder shamir(int threshold, int keepers) {
      if (threshold < 1 || threshold > keepers) {
        throw new IllegalArgumentException(
            "threshold must be 1.." + keepers + ", was " + threshold);
      }
      this.threshold = threshold;
      this.keepers = keepers;
      return this;
    }

    /** Extra JVM options for every component. */
    public Builder jvmArgs(List<String> args) {
      jvmArgs.addAll(args);
      return this;
    }

    /** An extra environment variable for Nexus. */
    public Builder nexusEnv(String name, String value) {
      nexusEnv.put(name, value);
      return this;
    }

    /**
     * Runs Nexus, Keepers and Bootstrap from the product's jars in {@code libDir}, each on its
     * kind's list there as the launchers do ({@link KindClassPath#inLibDir}), instead of the jars
     * of this JVM's class path, with the AOT caches in {@code aot} when present.
     */
    public Builder product(Path libDir, Optional<AotCache> aot) {
      requireNonNull(libDir, "libDir");
      this.classPath = (mainClass, env, jvm) -> KindClassPath.inLibDir(libDir, mainClass, env, jvm);
      this.aot = requireNonNull(aot, "aot");
      return this;
    }

    /** Creates the trust domain and picks ports; starts nothing. */
    public LocalStack build() throws IOException {
      return new LocalStack(this);
    }
  }
}
