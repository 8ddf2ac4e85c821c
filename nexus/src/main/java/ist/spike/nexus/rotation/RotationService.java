package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import ist.spike.client.Backoff;
import ist.spike.crypto.RootKey;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.KeyRunHeldException;
import ist.spike.nexus.store.KeyRunLock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nexus's root-key rotation (ADR-0162): starts one in the background on request, resumes or rolls
 * back an interrupted one once a key is installed, and hands the new key to the custody when done.
 * Runs on {@code executor}, which Nexus shares with the Keeper checks, so that no Keeper repair
 * runs while new shards are delivered. A run that stops before done (a Keeper does not answer) is
 * resumed in the background with a bounded backoff when the service has a scheduler (ADR-0230).
 */
public final class RotationService {
  private static final Logger LOG = LoggerFactory.getLogger(RotationService.class);

  private final RotationDriver driver;
  private final RootKeyCustody custody;
  private final Supplier<Optional<Backend>> store;
  private final Executor executor;
  private static final Duration HAND_OVER_WAIT = Duration.ofSeconds(1);

  private final AtomicBoolean queued = new AtomicBoolean();
  private final Optional<RekeyDriver> rekeys;
  private final Optional<ScheduledExecutorService> scheduler;
  private final Optional<Backoff> retries;
  private final KeyRunEvents events;
  private final Object retryLock = new Object();
  private volatile Optional<Retry> retry = Optional.empty();
  private ScheduledFuture<?> scheduledRetry;

  /**
   * The resume of a stopped run (ADR-0230): 1 s, doubling with jitter, at most 60 s apart, for as
   * long as the store records the run as unfinished.
   */
  public static final Backoff DEFAULT_RETRIES =
      Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.5);

  /**
   * A run that stopped before done and is resumed in the background (ADR-0230). Public data.
   *
   * @param run {@code rekey} or {@code root-key rotation}
   * @param failures consecutive failed attempts, at least 1
   * @param dueNanos when the resume runs, on the {@link System#nanoTime()} scale
   * @param reason why the last attempt stopped (Keeper URLs and errors; no key material)
   */
  public record Retry(String run, int failures, long dueNanos, String reason) {
    /** Returns how long until the resume runs, zero when it is due. */
    public Duration in() {
      return Duration.ofNanos(Math.max(0, dueNanos - System.nanoTime()));
    }
  }

  /**
   * @param driver runs the phases
   * @param custody the installed root key
   * @param store the store Nexus serves from, empty before a key is installed
   * @param executor where rotations run (single-threaded, shared with the Keeper checks)
   */
  public RotationService(
      RotationDriver driver,
      RootKeyCustody custody,
      Supplier<Optional<Backend>> store,
      Executor executor) {
    this(driver, Optional.empty(), custody, store, executor);
  }

  /**
   * A service that resumes a stopped run in the background (ADR-0230), as Nexus runs it.
   *
   * @param driver runs the phases
   * @param rekeys runs rekeys (ADR-0163), on the same executor and never beside a rotation
   * @param custody the installed root key
   * @param store the store Nexus serves from, empty before a key is installed
   * @param scheduler where runs and their resumes run (single-threaded, shared with the Keeper
   *     checks)
   * @param retries the delays between resumes of a stopped run
   * @param events where each recorded phase and each scheduled resume is reported (audit)
   */
  public RotationService(
      RotationDriver driver,
      Optional<RekeyDriver> rekeys,
      RootKeyCustody custody,
      Supplier<Optional<Backend>> store,
      ScheduledExecutorService scheduler,
      Backoff retries,
      KeyRunEvents events) {
    this(
        driver,
        rekeys,
        custody,
        store,
        scheduler,
        Optional.of(scheduler),
        Optional.of(requireNonNull(retries, "retries")),
        events);
  }

  /**
   * @param driver runs the phases
   * @param rekeys runs rekeys (ADR-0163), on the same executor and never beside a rotation
   * @param custody the installed root key
   * @param store the store Nexus serves from, empty before a key is installed
   * @param executor where rotations run (single-threaded, shared with the Keeper checks)
   */
  public RotationService(
      RotationDriver driver,
      Optional<RekeyDriver> rekeys,
      RootKeyCustody custody,
      Supplier<Optional<Backend>> store,
      Executor executor) {
    this(
        driver,
        rekeys,
        custody,
        store,
        executor,
        Optional.empty(),
        Optional.empty(),
        KeyRunEvents.NONE);
  }

  private RotationService(
      RotationDriver driver,
      Optional<RekeyDriver> rekeys,
      RootKeyCustody custody,
      Supplier<Optional<Backend>> store,
      Executor executor,
      Optional<ScheduledExecutorService> scheduler,
      Optional<Backoff> retries,
      KeyRunEvents events) {
    this.scheduler = scheduler;
    this.retries = retries;
    this.events = requireNonNull(events, "events");
    driver.report(events);
    rekeys.ifPresent(rd -> rd.report(events));
    this.rekeys = requireNonNull(rekeys, "rekeys");
    this.driver = requireNonNull(driver, "driver");
    this.custody = requireNonNull(custody, "custody");
    this.store = requireNonNull(store, "store");
    this.executor = requireNonNull(executor, "executor");
  }

  /** The active generation, the recorded rotation and this process's progress. */
  public record Progress(
      int generation, Optional<Rotation> rotation, int delivered, long resealed) {}

  /**
   * Returns the stopped run waiting for its background resume, if {@code run} is the one.
   *
   * @param run {@link #REKEY} or {@link #ROTATION}
   */
  public Optional<Retry> retry(String run) {
    return retry.filter(r -> r.run().equals(run));
  }

  /** The name of a rekey run in logs, audit records and {@link #retry(String)}. */
  public static final String REKEY = "rekey";

  /** The name of a rotation run in logs, audit records and {@link #retry(String)}. */
  public static final String ROTATION = "root-key rotation";

  /**
   * Starts a rotation in the background.
   *
   * @return the progress when it was queued
   * @throws IllegalStateException if Nexus holds no root key yet
   * @throws RotationInProgressException if one is queued or running in this process; one recorded
   *     as unfinished but not running is resumed instead
   */
  public Progress start() throws RotationInProgressException {
    Backend b = store.get().filter(x -> custody.isReady()).orElseThrow(RotationService::notReady);
    Progress now = progress(b);
    Rotation next = new Rotation(now.generation(), now.generation() + 1, RotationPhase.PENDING);
    Optional<Rekey> rekey =
        b.loadKeyGenerations()
            .map(KeyGenerations::fromBytes)
            .flatMap(KeyGenerations::rekey)
            .filter(Rekey::running);
    if (rekey.isPresent()) {
      throw new RotationInProgressException(
          "a rekey to threshold "
              + rekey.get().to().threshold()
              + " is unfinished; run `spike operator rekey` again to finish it, then rotate");
    }
    if (!queued.compareAndSet(false, true)) {
      throw new RotationInProgressException(
          driver.status().rotation().or(now::rotation).orElse(next));
    }
    KeyRunLock lock;
    try {
      lock = lockOrRefuse(b, "rotation to generation " + next.to());
      // another instance may have run one between the first read and the lock
      now = progress(b);
      requireActiveKey(b, lock);
    } catch (RotationInProgressException | RuntimeException e) {
      queued.set(false);
      throw e;
    }
    if (now.rotation().filter(Rotation::running).isPresent()) {
      // recorded as unfinished and not running anywhere (a Keeper was down, or a restart): finish
      lock.close();
      queued.set(false);
      executor.execute(this::resumeIfInterrupted);
      return now;
    }
    KeyRunLock held = lock;
    executor.execute(
        () -> {
          try (held) {
            Optional<RootKey> current = custody.withKey(RootKeyCopies::copy);
            if (current.isEmpty()) {
              return;
            }
            try (RootKey key = current.get()) {
              custody.replace(driver.rotate(store.get().orElseThrow(), key), "root-key rotation");
            }
            succeeded();
          } catch (Exception e) {
            LOG.error(
                "root-key rotation stopped: {}; the data stays readable; {}",
                e.toString(),
                stopped(ROTATION, RotationService::rotating, e));
          } finally {
            queued.set(false);
          }
        });
    return now;
  }

  /**
   * Takes the key-run exclusion of the store (ADR-0164), or refuses with a message that names the
   * instance holding it.
   */
  private static KeyRunLock lockOrRefuse(Backend b, String run) throws RotationInProgressException {
    try {
      return b.tryLockKeyRuns(run);
    } catch (KeyRunHeldException e) {
      throw new RotationInProgressException(
          e.holder()
              + " is running a root-key rotation or rekey on this store; rotation and rekey run on"
              + " one instance at a time. Follow it with `spike operator rotate --status` (or"
              + " `spike operator rekey --status`) and try again when it is done");
    }
  }

  /**
   * Refuses (releasing {@code lock}) when the key this instance holds is not the active
   * generation's and no rotation between the two runs: another instance rotated it and this one did
   * not follow (ADR-0165), so a run from it would split or re-seal under a superseded key.
   */
  private void requireActiveKey(Backend b, KeyRunLock lock) throws RotationInProgressException {
    Optional<KeyGenerations> g = b.loadKeyGenerations().map(KeyGenerations::fromBytes);
    if (g.isEmpty() || g.get().rotation().filter(Rotation::running).isPresent()) {
      return; // a running rotation is resumed from either of its keys
    }
    Optional<Integer> held =
        custody
            .withKey(k -> ist.spike.crypto.KeyCheckValue.of(k).toBytes())
            .flatMap(g.get()::generationOf);
    if (held.isEmpty() || held.get() != g.get().active()) {
      lock.close();
      throw new RotationInProgressException(
          "this Nexus instance holds the root key of generation "
              + held.map(String::valueOf).orElse("(unknown)")
              + " but another instance rotated it to generation "
              + g.get().active()
              + "; restart this instance (it then recovers the active key from the Keepers) and"
              + " run this again; see `spike operator rotate --status`");
    }
  }

  /** Takes the exclusion for a resume, or empty when another instance drives the run. */
  private static Optional<KeyRunLock> lockForResume(Backend b, String run) {
    try {
      return Optional.of(b.tryLockKeyRuns(run));
    } catch (KeyRunHeldException e) {
      LOG.info("not resuming the unfinished {}: {} drives it", run, e.holder());
      return Optional.empty();
    } catch (RuntimeException e) {
      LOG.warn("not resuming the unfinished {} now: {}", run, e.toString());
      return Optional.empty();
    }
  }

  /**
   * The split in force, the recorded rekey and this process's progress.
   *
   * @param threshold the threshold of the split in force
   * @param shares the configured Keeper count
   * @param rekey the recorded rekey, if any
   * @param delivered Keepers that received a new shard in this process's run
   */
  public record RekeyProgress(int threshold, int shares, Optional<Rekey> rekey, int delivered) {}

  /**
   * Starts a rekey in the background (ADR-0163), or resumes one recorded as unfinished.
   *
   * @param threshold the requested threshold, which must be the configured one
   * @param shares the requested share count, which must be the configured one
   * @param confirmed whether the operator confirmed holding the current recovery files, needed when
   *     the delivery cannot keep a Keeper quorum at every step
   * @return the progress when it was queued
   * @throws IllegalStateException if Nexus holds no root key yet
   * @throws RekeyRefusedException if the request does not match the configuration
   * @throws RotationInProgressException if a rotation or rekey is queued or running, or a rekey to
   *     another split than the one asked for is unfinished (the same request resumes it)
   */
  public RekeyProgress rekey(int threshold, int shares, boolean confirmed)
      throws RekeyRefusedException, RotationInProgressException {
    RekeyDriver rd = rekeys.orElseThrow(() -> new IllegalStateException("rekey is not set up"));
    Backend b = store.get().filter(x -> custody.isReady()).orElseThrow(RotationService::notReady);
    Optional<KeyGenerations> g = b.loadKeyGenerations().map(KeyGenerations::fromBytes);
    if (g.flatMap(KeyGenerations::rotation).filter(Rotation::running).isPresent()) {
      throw new RotationInProgressException(g.get().rotation().get());
    }
    Optional<Rekey> recorded = g.flatMap(KeyGenerations::rekey).filter(Rekey::running);
    boolean unfinished = recorded.isPresent();
    if (unfinished) {
      refuseAnotherSplit(recorded.get(), threshold, shares);
    }
    RekeyPlan plan = unfinished ? null : rd.plan(threshold, shares);
    if (plan != null && !plan.keepsQuorum() && !confirmed) {
      throw new RekeyRefusedException(
          "re-splitting "
              + plan.from().threshold()
              + "-of-"
              + plan.from().shares()
              + " into "
              + plan.to().threshold()
              + "-of-"
              + plan.to().shares()
              + " passes through states where no Keeper quorum holds one split: a crash then needs"
              + " the current recovery files. Make sure you hold them (spike operator recover),"
              + " then run the rekey again with --confirm-recovery-files");
    }
    if (!queued.compareAndSet(false, true)) {
      throw new RotationInProgressException(
          "a rotation or rekey is already running; see `spike operator rotate --status` and"
              + " `spike operator rekey --status`");
    }
    KeyRunLock lock;
    try {
      lock = lockOrRefuse(b, "rekey to threshold " + threshold);
      requireActiveKey(b, lock);
    } catch (RotationInProgressException | RuntimeException e) {
      queued.set(false);
      throw e;
    }
    RekeyProgress now = rekeyProgress(b);
    executor.execute(
        () -> {
          try (lock) {
            Optional<RootKey> current = custody.withKey(RootKeyCopies::copy);
            if (current.isEmpty()) {
              return;
            }
            try (RootKey key = current.get()) {
              if (plan == null) {
                rd.resume(store.get().orElseThrow(), key);
              } else {
                rd.rekey(store.get().orElseThrow(), key, plan);
              }
            }
            succeeded();
          } catch (Exception e) {
            LOG.error(
                "rekey stopped: {}; the data stays readable; {}",
                e.toString(),
                stopped(REKEY, RotationService::rekeying, e));
          } finally {
            queued.set(false);
          }
        });
    return now;
  }

  /**
   * Refuses a request for another split than the unfinished rekey's (ADR-0229): the Keepers may
   * hold shards of both of its splits, so a third split cannot start until it is done, and resuming
   * it instead would silently ignore what the operator asked for.
   */
  private void refuseAnotherSplit(Rekey unfinished, int threshold, int shares)
      throws RotationInProgressException {
    int t = unfinished.to().threshold();
    int n = custody.split().configured().shares();
    if (threshold == t && shares == n) {
      return; // the same request again: finish it now
    }
    throw new RotationInProgressException(
        "a rekey to "
            + t
            + "-of-"
            + n
            + " (from threshold "
            + unfinished.from().threshold()
            + ") is unfinished ("
            + unfinished.phase().name().toLowerCase(java.util.Locale.ROOT)
            + "), so "
            + threshold
            + "-of-"
            + shares
            + " cannot start: the Keepers may hold shards of both of its splits. Finish it first"
            + " with `spike operator rekey --threshold "
            + t
            + " --shares "
            + n
            + "` once every Keeper answers (Nexus also retries it by itself; see `spike operator"
            + " rekey --status`), then ask for the new split");
  }

  /** Returns the rekey progress as the store records it, with this process's counts. */
  public RekeyProgress rekeyProgress() {
    return rekeyProgress(store.get().orElseThrow(RotationService::notReady));
  }

  private RekeyProgress rekeyProgress(Backend b) {
    Optional<Rekey> r =
        b.loadKeyGenerations().map(KeyGenerations::fromBytes).flatMap(KeyGenerations::rekey);
    return new RekeyProgress(
        custody.split().threshold(),
        custody.split().configured().shares(),
        r,
        rekeys.map(d -> d.status().delivered()).orElse(0));
  }

  /**
   * Resumes (or rolls back) a rotation the store records as unfinished, and finishes an unfinished
   * rekey; run after a key is installed. Does nothing when none is recorded.
   */
  public void resumeIfInterrupted() {
    rekeys.ifPresent(rd -> resume(REKEY, RotationService::rekeying, rd::resume));
    resume(
        ROTATION,
        RotationService::rotating,
        (b, key) -> custody.replace(driver.resume(b, key), "resumed root-key rotation"));
  }

  private static boolean rekeying(KeyGenerations g) {
    return g.rekey().filter(Rekey::running).isPresent();
  }

  private static boolean rotating(KeyGenerations g) {
    return g.rotation().filter(Rotation::running).isPresent();
  }

  /** A run reached done: the failures counted for its resumes start again from zero. */
  private void succeeded() {
    synchronized (retryLock) {
      retry = Optional.empty();
      if (scheduledRetry != null) {
        scheduledRetry.cancel(false);
        scheduledRetry = null;
      }
    }
  }

  /**
   * A run stopped before done: schedules its resume after the next backoff delay when the store
   * still records it as unfinished (ADR-0230), and reports it to the audit chain.
   *
   * @return what happens next, for the log line
   */
  private String stopped(String run, Predicate<KeyGenerations> unfinished, Exception e) {
    if (scheduler.isEmpty() || retries.isEmpty()) {
      return "it resumes when Nexus restarts or is asked again";
    }
    Optional<Backend> b = store.get();
    try {
      if (b.isEmpty() || !records(b.get(), unfinished)) {
        return "nothing was left recorded as unfinished";
      }
    } catch (RuntimeException readFailed) {
      // the store could not be read: the resume reads it again
    }
    String reason = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
    Retry next;
    Duration delay;
    synchronized (retryLock) {
      int failures = retry.filter(r -> r.run().equals(run)).map(r -> r.failures() + 1).orElse(1);
      delay = retries.get().delay(failures - 1);
      next = new Retry(run, failures, System.nanoTime() + delay.toNanos(), reason);
      retry = Optional.of(next);
      if (scheduledRetry != null) {
        scheduledRetry.cancel(false);
      }
      scheduledRetry =
          scheduler
              .get()
              .schedule(this::resumeIfInterrupted, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
    events.keyRunRetry(run, next.failures(), delay, reason);
    return "Nexus resumes it in "
        + delay.toMillis()
        + " ms (failed attempts: "
        + next.failures()
        + "), then again with a growing, bounded delay until it is done; the command or a"
        + " restart also resumes it";
  }

  /** What a resume does with the store and a copy of the installed key. */
  @FunctionalInterface
  private interface ResumeStep {
    void run(Backend store, RootKey key) throws Exception;
  }

  /**
   * Runs {@code step} when the store records {@code run} as unfinished and no other run is queued
   * here or holds the store's key-run exclusion; a failure is logged and left for the next try.
   */
  private void resume(String run, Predicate<KeyGenerations> unfinished, ResumeStep step) {
    Optional<Backend> b = store.get();
    if (b.isEmpty() || !records(b.get(), unfinished) || !queued.compareAndSet(false, true)) {
      return;
    }
    Optional<KeyRunLock> lock = lockForResume(b.get(), run);
    if (lock.isEmpty()) {
      queued.set(false);
      return;
    }
    try (KeyRunLock held = lock.get()) {
      // read again under the lock: the instance that held it may have finished the run
      if (!records(b.get(), unfinished)) {
        return;
      }
      Optional<RootKey> current = custody.withKey(RootKeyCopies::copy);
      if (current.isPresent()) {
        try (RootKey key = current.get()) {
          step.run(b.get(), key);
        }
        succeeded();
      }
    } catch (Exception e) {
      LOG.error("resuming the {} failed: {}; {}", run, e.toString(), stopped(run, unfinished, e));
    } finally {
      queued.set(false);
    }
  }

  private static boolean records(Backend b, Predicate<KeyGenerations> unfinished) {
    return b.loadKeyGenerations().map(KeyGenerations::fromBytes).filter(unfinished).isPresent();
  }

  /** Returns the progress as the store records it, with this process's counts. */
  public Progress progress() {
    return progress(store.get().orElseThrow(RotationService::notReady));
  }

  /**
   * The rotation that makes recovery shards handed out now stale: one the store records as
   * unfinished, or one queued or running in this process. A rotation the store records as done
   * whose new key is not yet in the custody (an instant) is waited for, up to one second.
   *
   * @return the rotation, empty when none
   */
  public Optional<Rotation> unfinished() {
    long deadline = System.nanoTime() + HAND_OVER_WAIT.toNanos();
    while (true) {
      Optional<KeyGenerations> g =
          store.get().flatMap(Backend::loadKeyGenerations).map(KeyGenerations::fromBytes);
      Optional<Rotation> recorded = g.flatMap(KeyGenerations::rotation).filter(Rotation::running);
      if (recorded.isPresent() || !queued.get()) {
        return recorded;
      }
      int active = g.map(KeyGenerations::active).orElse(1);
      Optional<Rotation> last = driver.status().rotation();
      boolean handingOver = last.filter(r -> !r.running() && r.to() == active).isPresent();
      if (!handingOver || System.nanoTime() > deadline) {
        return Optional.of(
            last.filter(Rotation::running)
                .orElse(new Rotation(active, active + 1, RotationPhase.PENDING)));
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of(new Rotation(active, active + 1, RotationPhase.PENDING));
      }
    }
  }

  /** Whether a rotation is queued or running in this process. */
  public boolean busy() {
    return queued.get();
  }

  private Progress progress(Backend b) {
    Optional<KeyGenerations> g = b.loadKeyGenerations().map(KeyGenerations::fromBytes);
    RotationDriver.Status s = driver.status();
    return new Progress(
        g.map(KeyGenerations::active).orElse(1),
        g.flatMap(KeyGenerations::rotation),
        s.delivered(),
        s.resealed());
  }

  private static IllegalStateException notReady() {
    return new IllegalStateException("Nexus holds no root key yet; restore or recover it first");
  }
}
