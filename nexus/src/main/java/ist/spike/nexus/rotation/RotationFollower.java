package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.store.Backend;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a Nexus instance follow a root-key rotation that another instance sharing the store runs
 * (ADR-0165): when the stored key-generations record changes, it opens the new root key from the
 * record with the key it holds (the record stores the new key sealed under the old one while the
 * rotation runs), reopens its store as {@link RotationDriver} does (keeping every earlier
 * generation) and hands the new key to its custody once every Keeper holds it.
 *
 * <p>An instance that sees the record only after the rotation finished cannot open the new key (the
 * finished record keeps only old keys sealed under new ones, so that superseded recovery shards
 * never open the new key); it reports itself {@link #behind()} until it restarts.
 */
public final class RotationFollower {
  private static final Logger LOG = LoggerFactory.getLogger(RotationFollower.class);
  private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

  private final RootKeyCustody custody;
  private final Supplier<Optional<Backend>> store;
  private final RotationDriver.StoreReopener reopener;
  private final BooleanSupplier ownRun;
  private final LongSupplier nanoTime;
  private final AtomicLong lastCheck = new AtomicLong(Long.MIN_VALUE);
  private long lastSignal = Long.MIN_VALUE;
  private String applied;
  private volatile Optional<String> behind = Optional.empty();

  /**
   * @param custody the instance's root key
   * @param store the store it serves from
   * @param reopener swaps the store's keys (the one {@link RotationDriver} uses)
   * @param ownRun whether this instance runs a rotation or rekey itself (then it does not follow)
   * @param nanoTime the clock of the rate limit on {@link #behind()}
   */
  public RotationFollower(
      RootKeyCustody custody,
      Supplier<Optional<Backend>> store,
      RotationDriver.StoreReopener reopener,
      BooleanSupplier ownRun,
      LongSupplier nanoTime) {
    this.custody = requireNonNull(custody, "custody");
    this.store = requireNonNull(store, "store");
    this.reopener = requireNonNull(reopener, "reopener");
    this.ownRun = requireNonNull(ownRun, "ownRun");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Follows if the store announced a change since the last call ({@link Backend#policyGeneration},
   * moved by the {@code NOTIFY} every key-generations write sends); cheap otherwise. Run often.
   */
  public void poll() {
    Optional<Backend> b = store.get();
    if (b.isEmpty()) {
      return;
    }
    long signal = b.get().policyGeneration();
    synchronized (this) {
      if (signal == lastSignal) {
        return;
      }
      lastSignal = signal;
    }
    follow();
  }

  /**
   * Why this instance cannot open data the other instances seal, if it cannot: checks the store
   * first, at most once a second (a read that meets a key it lacks calls this).
   *
   * @return the message for the client, empty when the instance holds the active key
   */
  public Optional<String> behind() {
    long now = nanoTime.getAsLong();
    long last = lastCheck.get();
    if ((last == Long.MIN_VALUE || now - last >= CHECK_INTERVAL_NANOS)
        && lastCheck.compareAndSet(last, now)
        && follow()
        && behind.isEmpty()) {
      return Optional.of(
          "this Nexus instance has just loaded the root key another instance rotated to; retry the"
              + " request");
    }
    return behind;
  }

  /**
   * Reads the record and follows a change; does nothing when this instance runs the rotation.
   *
   * @return true if the store was reopened (or found out of reach)
   */
  public synchronized boolean follow() {
    if (ownRun.getAsBoolean() || !custody.isReady()) {
      return false;
    }
    Optional<Backend> b = store.get();
    if (b.isEmpty()) {
      return false;
    }
    Optional<byte[]> raw;
    try {
      raw = b.get().loadKeyGenerations();
    } catch (RuntimeException e) {
      LOG.warn("cannot read the key generations to follow a rotation: {}", e.toString());
      return false;
    }
    if (raw.isEmpty()) {
      return false;
    }
    KeyGenerations g = KeyGenerations.fromBytes(raw.get());
    String state = keyState(g);
    if (state.equals(applied)) {
      return false; // e.g. a rekey or a policy change: the keys to open the store with are the same
    }
    Optional<RootKey> held = custody.withKey(RootKeyCopies::copy);
    if (held.isEmpty()) {
      return false;
    }
    try (RootKey mine = held.get()) {
      Optional<Rotation> running = g.rotation().filter(Rotation::running);
      int generation =
          g.generationOf(KeyCheckValue.of(mine).toBytes())
              .orElseThrow(() -> new IllegalStateException("the held key is of no generation"));
      if (running.isEmpty() && generation == g.active() && applied == null) {
        applied = state;
        return false; // the store was opened for this record
      }
      if (running.filter(r -> r.phase() == RotationPhase.PENDING).isPresent()) {
        applied = state;
        return false; // nothing is sealed under the new key yet, and a pending rotation may roll
        // back
      }
      try (GenerationActivation.Keys keys = GenerationActivation.plan(g, mine)) {
        reopener.reopen(keys.current(), keys.older());
        if (running.isPresent()) {
          Rotation r = running.get();
          boolean newIsCurrent = RotationStateMachine.writeGeneration(r) == r.to();
          RootKey next = newIsCurrent ? keys.current() : keys.older().get(0);
          // every Keeper is being given shards of the new key; a restart would recover it
          custody.replace(
              RootKeyCopies.copy(next),
              "following the rotation to generation " + r.to() + " run by another instance");
          LOG.info(
              "following the root-key rotation to generation {} ({}) run by another instance",
              r.to(),
              r.phase());
        } else {
          LOG.info("following the store: root-key generation {} is active", g.active());
        }
        applied = state;
        behind = Optional.empty();
        return true;
      }
    } catch (SupersededRecoveryException e) {
      String message =
          "this Nexus instance has not loaded the rotated root key (generation "
              + g.active()
              + ") that another instance sealed this data under: it missed the rotation while it"
              + " ran. Restart this instance; it then recovers the new key from the Keepers";
      if (behind.isEmpty()) {
        LOG.error("{}", message);
      }
      behind = Optional.of(message);
      applied = state;
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      LOG.error("cannot follow the root-key rotation: {}; restart this instance", e.toString());
      return false;
    }
  }

  /** What decides the keys the store opens with: the active generation and a running rotation. */
  private static String keyState(KeyGenerations g) {
    return g.active()
        + g.rotation()
            .filter(Rotation::running)
            .map(r -> "->" + r.to() + "@" + r.phase())
            .orElse("");
  }
}
