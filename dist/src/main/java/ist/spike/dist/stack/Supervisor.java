package ist.spike.dist.stack;

import static java.util.Objects.requireNonNull;

import ist.spike.client.Backoff;
import ist.spike.dist.AotCache;
import ist.spike.dist.KindClassPath;
import ist.spike.dist.NativeLibraryPath;
import ist.spike.dist.OptionalJars;
import ist.spike.dist.RuntimeJava;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts components as child JVMs ({@code java -cp <the kind's class path> <main class>}), restarts
 * any that exits while the stack is up (logging it), and stops them all on {@link #close()}.
 *
 * <p>A child that keeps dying is restarted with exponential backoff (0.2 s doubling to 5 s); one
 * that stayed up for 30 s starts again from the shortest delay. The current pid of every child is
 * written to {@code <runDir>/<name>.pid}. Thread-safe.
 */
public final class Supervisor implements AutoCloseable {
  private static final Duration STABLE_AFTER = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Path javaBin;
  private final KindClassPath.Chooser classPath;
  private final Path runDir;
  private final PrintStream out;
  private final Optional<AotCache> aot;
  private final Backoff restartBackoff =
      Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.2);
  private final ScheduledExecutorService restarts =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "spike-dev-supervisor");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Child> children = new LinkedHashMap<>();
  private boolean stopping;

  /**
   * @param javaBin the {@code java} executable children run on
   * @param classPath the class path children run with
   * @param runDir where pid files go
   * @param out where restarts are reported
   */
  public Supervisor(Path javaBin, String classPath, Path runDir, PrintStream out) {
    this(javaBin, classPath, runDir, out, Optional.empty());
  }

  /**
   * @param javaBin the {@code java} executable children run on
   * @param classPath the class path children run with
   * @param runDir where pid files go
   * @param out where restarts are reported
   * @param aot AOT caches children start with when one exists for their main class (looked up at
   *     every start, so a cache created while the stack runs is used from the next restart on)
   */
  public Supervisor(
      Path javaBin, String classPath, Path runDir, PrintStream out, Optional<AotCache> aot) {
    this(javaBin, constant(requireNonNull(classPath, "classPath")), runDir, out, aot);
  }

  /**
   * @param javaBin the {@code java} executable children run on
   * @param classPath the class path a child runs with, by its main class
   * @param runDir where pid files go
   * @param out where restarts are reported
   * @param aot AOT caches children start with when one exists for their main class (looked up at
   *     every start, so a cache created while the stack runs is used from the next restart on)
   */
  public Supervisor(
      Path javaBin,
      Function<String, String> classPath,
      Path runDir,
      PrintStream out,
      Optional<AotCache> aot) {
    this(javaBin, byMainClass(requireNonNull(classPath, "classPath")), runDir, out, aot);
  }

  /**
   * @param javaBin the {@code java} executable children run on
   * @param classPath the class path a child runs with, by its main class, environment and JVM
   *     options (which may ask for a kind's optional jars, ADR 0260)
   * @param runDir where pid files go
   * @param out where restarts are reported
   * @param aot AOT caches children start with when one exists for their main class
   */
  public Supervisor(
      Path javaBin,
      KindClassPath.Chooser classPath,
      Path runDir,
      PrintStream out,
      Optional<AotCache> aot) {
    this.javaBin = requireNonNull(javaBin, "javaBin");
    this.classPath = requireNonNull(classPath, "classPath");
    this.runDir = requireNonNull(runDir, "runDir");
    this.out = requireNonNull(out, "out");
    this.aot = requireNonNull(aot, "aot");
  }

  private static Function<String, String> constant(String classPath) {
    return mainClass -> classPath;
  }

  private static KindClassPath.Chooser byMainClass(Function<String, String> classPath) {
    return (mainClass, env, jvmOptions) -> classPath.apply(mainClass);
  }

  /**
   * A supervisor whose children run on {@link RuntimeJava#forThisJvm()} (this JVM's own {@code
   * java} unless told otherwise), each on its process kind's class path ({@link
   * KindClassPath#forThisJvm}, as the launchers give it), with the AOT caches the launcher named
   * ({@link AotCache#fromSystemProperties()}).
   */
  public static Supervisor forThisJvm(Path runDir, PrintStream out) {
    return new Supervisor(
        RuntimeJava.forThisJvm(),
        (KindClassPath.Chooser) KindClassPath::forThisJvm,
        runDir,
        out,
        AotCache.fromSystemProperties());
  }

  /**
   * Starts a supervised child; it is restarted whenever it exits until {@link #close()}.
   *
   * @throws IllegalStateException if a child of that name exists or the supervisor is stopping
   */
  public synchronized void start(ChildSpec spec) {
    requireNonNull(spec, "spec");
    if (stopping) {
      throw new IllegalStateException("the stack is stopping");
    }
    if (children.containsKey(spec.name())) {
      throw new IllegalStateException("child " + spec.name() + " already exists");
    }
    Child child = new Child(spec, true);
    children.put(spec.name(), child);
    launch(child);
  }

  /**
   * Runs a one-shot child (such as Bootstrap) and waits for it; it is not restarted.
   *
   * @return the exit status, or empty if it did not finish within {@code timeout} (then it is
   *     killed)
   */
  public Optional<Integer> runOnce(ChildSpec spec, Duration timeout) throws InterruptedException {
    Child child = new Child(spec, false);
    synchronized (this) {
      if (stopping) {
        throw new IllegalStateException("the stack is stopping");
      }
      children.put(spec.name(), child);
      launch(child);
    }
    Process p = child.process;
    if (p == null) {
      return Optional.of(127);
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        return Optional.empty();
      }
      return Optional.of(p.exitValue());
    } finally {
      try {
        Files.deleteIfExists(runDir.resolve(spec.name() + ".pid"));
      } catch (IOException ignored) {
        // a stale pid file of a finished one-shot child is harmless
      }
    }
  }

  /** Returns the pid of a running child. */
  public synchronized Optional<Long> pid(String name) {
    Child c = children.get(name);
    return c == null || c.process == null || !c.process.isAlive()
        ? Optional.empty()
        : Optional.of(c.process.pid());
  }

  /** Returns how many times a child has been started (1 after the first start). */
  public synchronized int starts(String name) {
    Child c = children.get(name);
    return c == null ? 0 : c.starts;
  }

  /** Returns the names of all children, in start order. */
  public synchronized List<String> names() {
    return new ArrayList<>(children.keySet());
  }

  private void launch(Child child) {
    ChildSpec spec = child.spec;
    List<String> jvmOptions = new ArrayList<>(spec.jvmOptions());
    if (spec.jvmOptions().stream().noneMatch(o -> o.startsWith("-XX:AOT"))) {
      aot.ifPresent(a -> jvmOptions.addAll(a.useOptions(spec.mainClass())));
    }
    Map<String, String> env = new LinkedHashMap<>(spec.env());
    env.put("SPIKE_DEV_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
    String cp =
        classPath.classPath(
            spec.mainClass(), OptionalJars.childEnvironment(env), List.copyOf(jvmOptions));
    List<String> command = new ArrayList<>();
    command.add(javaBin.toString());
    command.addAll(NativeLibraryPath.optionsFor(cp));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(cp);
    command.add(spec.mainClass());
    command.addAll(spec.args());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    try {
      Files.createDirectories(spec.log().getParent());
      Process process = pb.start();
      child.process = process;
      child.starts++;
      child.startedAt = Instant.now();
      writePid(spec.name(), process.pid());
      if (child.supervised) {
        process.onExit().thenAccept(p -> onExit(child, p));
      }
    } catch (IOException e) {
      out.printf("spike-dev: cannot start %s: %s%n", spec.name(), e.getMessage());
      if (child.supervised) {
        scheduleRestart(child);
      }
    }
  }

  /**
   * Stops a supervised child (SIGKILL) and keeps it stopped until {@link #resume(String)}; for
   * tests and drills that need a component down while something else changes.
   *
   * @throws IllegalArgumentException if there is no such child
   */
  public void pause(String name) throws InterruptedException {
    Process p;
    synchronized (this) {
      Child c = child(name);
      c.paused = true;
      p = c.process;
    }
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Like {@link #pause(String)}, but asks the child to stop (SIGTERM) and waits for it to exit
   * normally for up to {@code timeout} before killing it; for a JVM that writes something as it
   * exits (an AOT training record).
   *
   * @return whether the child exited by itself within the timeout
   * @throws IllegalArgumentException if there is no such child
   */
  public boolean pauseGracefully(String name, Duration timeout) throws InterruptedException {
    Process p;
    synchronized (this) {
      Child c = child(name);
      c.paused = true;
      p = c.process;
    }
    if (p == null || !p.isAlive()) {
      return true;
    }
    p.destroy();
    if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    p.destroyForcibly();
    p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    return false;
  }

  /** Starts a child stopped by {@link #pause(String)} again. */
  public synchronized void resume(String name) {
    resume(name, child(name).spec);
  }

  /**
   * Starts a child stopped by {@link #pause(String)} again with a new spec (same name).
   *
   * @throws IllegalArgumentException if the spec's name differs
   */
  public synchronized void resume(String name, ChildSpec spec) {
    Child c = child(name);
    if (!spec.name().equals(name)) {
      throw new IllegalArgumentException("spec " + spec.name() + " is not for child " + name);
    }
    c.spec = spec;
    if (c.paused) {
      c.paused = false;
      if (!stopping) {
        launch(c);
      }
    }
  }

  private Child child(String name) {
    Child c = children.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no child named " + name);
    }
    return c;
  }

  private synchronized void onExit(Child child, Process exited) {
    if (stopping || child.paused || child.process != exited) {
      return;
    }
    Duration lived = Duration.between(child.startedAt, Instant.now());
    if (lived.compareTo(STABLE_AFTER) >= 0) {
      child.quickDeaths = 0;
    }
    int status = exited.exitValue();
    // Ctrl-C in a terminal reaches every child too (130 = SIGINT, 143 = SIGTERM): give the stack's
    // own shutdown a moment to begin, so a stopping stack neither restarts nor reports children.
    Duration grace = status == 130 || status == 143 ? Duration.ofSeconds(1) : Duration.ZERO;
    String message =
        String.format(
            "spike-dev: %s (pid %d) exited with status %d; restarting it (log: %s)%n",
            child.spec.name(), exited.pid(), status, child.spec.log());
    scheduleRestart(child, grace, message);
  }

  private void scheduleRestart(Child child) {
    scheduleRestart(child, Duration.ZERO, null);
  }

  private void scheduleRestart(Child child, Duration grace, String message) {
    Duration delay = restartBackoff.delay(child.quickDeaths++).plus(grace);
    restarts.schedule(
        () -> {
          synchronized (Supervisor.this) {
            if (!stopping && !child.paused) {
              if (message != null) {
                out.print(message);
                out.flush();
              }
              launch(child);
            }
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void writePid(String name, long pid) {
    try {
      Files.createDirectories(runDir);
      Path tmp = runDir.resolve("." + name + ".pid.tmp");
      Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
      Files.move(
          tmp,
          runDir.resolve(name + ".pid"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the pid file of " + name, e);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows")
            ? "NUL"
            : "/dev/null");
  }

  /**
   * Stops every child: SIGTERM first, then SIGKILL for any still running after 10 s. Idempotent.
   */
  @Override
  public void close() {
    List<Process> running = new ArrayList<>();
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
      restarts.shutdownNow();
      for (Child c : children.values()) {
        if (c.process != null && c.process.isAlive()) {
          running.add(c.process);
        }
      }
    }
    List<Process> reversed = new ArrayList<>(running);
    java.util.Collections.reverse(reversed);
    for (Process p : reversed) {
      p.destroy();
    }
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (Process p : reversed) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
          p.destroyForcibly();
          p.waitFor(2, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    for (String name : names()) {
      try {
        Files.deleteIfExists(runDir.resolve(name + ".pid"));
      } catch (IOException ignored) {
        // best effort: a stale pid file is harmless
      }
    }
  }

  private static final class Child {
    ChildSpec spec;
    final boolean supervised;
    Process process;
    Instant startedAt = Instant.now();
    int starts;
    int quickDeaths;
    boolean paused;

    Child(ChildSpec spec, boolean supervised) {
      this.spec = spec;
      this.supervised = supervised;
    }
  }
}
