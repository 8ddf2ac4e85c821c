package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.RootKeyWrap;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.rootkey.KeeperGateway;
import ist.spike.nexus.rootkey.KeeperUnavailableException;
import ist.spike.nexus.rotation.RotationStateMachine.Wrap;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.SealedKind;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a root-key rotation through its phases (ADR-0162), recording each phase in the store before
 * its work, and resumes or rolls back a recorded one after a restart. Logs only generations, phases
 * and counts, never key material.
 *
 * <p>{@code RotationService} runs it on the Keeper-check thread (so no Keeper repair runs while new
 * shards go out) and supplies the {@link StoreReopener} that swaps the backend Nexus serves from.
 */
public final class RotationDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RotationDriver.class);

  /** Reopens the store so that it seals under {@code current} and still opens {@code older}. */
  @FunctionalInterface
  public interface StoreReopener {
    /**
     * @param current the key new data is sealed under (copied)
     * @param older keys whose data and cipher texts still open, newest first (copied)
     * @return the store Nexus now serves from
     */
    Backend reopen(RootKey current, List<RootKey> older);
  }

  /**
   * Progress, for the status route and metrics.
   *
   * @param rotation the recorded rotation, if any
   * @param delivered Keepers that received a new shard in this run
   * @param resealed rows re-sealed in this run
   * @param sealedRows sealed rows the store held when this run's re-seal began (0 before it); rows
   *     written under the new key meanwhile are counted but need no re-seal
   */
  public record Status(Optional<Rotation> rotation, int delivered, long resealed, long sealedRows) {
    Status(Optional<Rotation> rotation, int delivered, long resealed) {
      this(rotation, delivered, resealed, 0);
    }
  }

  private final KeeperGateway keepers;
  private final Supplier<ShamirParameters> parameters;
  private final StoreReopener reopener;
  private final SecureRandom random;
  private final int batch;
  private final Runnable stepPause;
  private final Runnable beforeDone;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private final AtomicLong completed = new AtomicLong();
  private volatile Status status = new Status(Optional.empty(), 0, 0);
  private volatile KeyRunEvents events = KeyRunEvents.NONE;

  /**
   * @param keepers the Keepers, in position order
   * @param parameters threshold and shares of the split
   * @param reopener swaps the store's keys
   * @param random key and nonce source
   * @param batch rows re-sealed per store transaction, at least 1
   */
  public RotationDriver(
      KeeperGateway keepers,
      ShamirParameters parameters,
      StoreReopener reopener,
      SecureRandom random,
      int batch) {
    this(
        keepers,
        constant(requireNonNull(parameters, "parameters")),
        reopener,
        random,
        batch,
        () -> {});
  }

  /**
   * @param keepers the Keepers, in position order
   * @param parameters the split in force when a rotation splits its new key (ADR-0163)
   * @param reopener swaps the store's keys
   * @param random key and nonce source
   * @param batch rows re-sealed per store transaction, at least 1
   * @param stepPause runs after each recorded step (pending recorded, each Keeper delivered, each
   *     re-seal batch); a no-op in production, a sleep in fault tests that must land a {@code kill
   *     -9} inside a phase ({@code SPIKE_NEXUS_ROTATION_TEST_STEP_PAUSE})
   */
  public RotationDriver(
      KeeperGateway keepers,
      Supplier<ShamirParameters> parameters,
      StoreReopener reopener,
      SecureRandom random,
      int batch,
      Runnable stepPause) {
    this(keepers, parameters, reopener, random, batch, stepPause, () -> {});
  }

  /**
   * @param keepers the Keepers, in position order
   * @param parameters the split in force when a rotation splits its new key (ADR-0163)
   * @param reopener swaps the store's keys
   * @param random key and nonce source
   * @param batch rows re-sealed per store transaction, at least 1
   * @param stepPause runs after each recorded step (see the six-argument constructor)
   * @param beforeDone runs once the re-seal is through and before the rotation is recorded as done:
   *     with several instances on one store, a wait that lets them open the new key while the
   *     record still holds it sealed under the old one (ADR-0165); a no-op for one instance
   */
  public RotationDriver(
      KeeperGateway keepers,
      Supplier<ShamirParameters> parameters,
      StoreReopener reopener,
      SecureRandom random,
      int batch,
      Runnable stepPause,
      Runnable beforeDone) {
    this.beforeDone = requireNonNull(beforeDone, "beforeDone");
    this.stepPause = requireNonNull(stepPause, "stepPause");
    this.keepers = requireNonNull(keepers, "keepers");
    this.parameters = requireNonNull(parameters, "parameters");
    this.reopener = requireNonNull(reopener, "reopener");
    this.random = requireNonNull(random, "random");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, was " + batch);
    }
    this.batch = batch;
  }

  /**
   * A step pause that sleeps {@code pause} (none when zero or negative), for {@link
   * #RotationDriver(KeeperGateway, Supplier, StoreReopener, SecureRandom, int, Runnable)}.
   *
   * @param pause how long each step waits
   * @return the pause
   */
  public static Runnable sleeping(Duration pause) {
    requireNonNull(pause, "pause");
    if (pause.isZero() || pause.isNegative()) {
      return () -> {};
    }
    return () -> {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** Sends each recorded phase to {@code events} from now on (the audit chain, ADR-0230). */
  void report(KeyRunEvents events) {
    this.events = requireNonNull(events, "events");
  }

  /** Returns the progress of the last or current run. */
  public Status status() {
    return status;
  }

  /**
   * Returns how many rotations this driver brought to {@link RotationPhase#DONE} (resumed ones
   * too).
   */
  public long completed() {
    return completed.get();
  }

  /**
   * Rotates from {@code current}, the active root key, to a new one.
   *
   * @param store the store Nexus serves from
   * @param current the active key (unchanged; the caller keeps it)
   * @return the new root key; the caller owns it
   * @throws RotationInProgressException if a rotation runs or is recorded as running
   * @throws KeeperUnavailableException if a Keeper cannot take its new shard; the rotation stays
   *     recorded (delivering) and {@link #resume} finishes it
   */
  public RootKey rotate(Backend store, RootKey current)
      throws RotationInProgressException, KeeperUnavailableException {
    requireNonNull(store, "store");
    requireNonNull(current, "current");
    Optional<byte[]> read = store.loadKeyGenerations();
    KeyGenerations g =
        read.map(KeyGenerations::fromBytes).orElseGet(() -> KeyGenerations.initial(check(current)));
    if (!inFlight.compareAndSet(false, true)) {
      throw new RotationInProgressException(
          status
              .rotation()
              .orElse(new Rotation(g.active(), g.active() + 1, RotationPhase.PENDING)));
    }
    try {
      if (g.rekey().filter(Rekey::running).isPresent()) {
        throw new RotationInProgressException(
            "a rekey to threshold "
                + g.rekey().get().to().threshold()
                + " is unfinished; run `spike operator rekey` again to finish it, then rotate");
      }
      Rotation r = RotationStateMachine.start(g.rotation(), g.active());
      Optional<Integer> held = g.generationOf(check(current));
      if (held.isEmpty() || held.get() != g.active()) {
        throw new RotationInProgressException(
            "this Nexus instance holds the root key of generation "
                + held.map(String::valueOf).orElse("(unknown)")
                + " but generation "
                + g.active()
                + " is active: another instance rotated it. Restart this instance (or let it load"
                + " the rotated key) before rotating from it; see `spike operator rotate --status`");
      }
      try (RootKey next = RootKey.generate(random)) {
        g =
            g.record(
                r,
                Map.of(
                    new Wrap(r.to(), r.from()),
                    RootKeyWrap.seal(next, r.to(), current, r.from(), random)),
                check(next));
        // compare-and-set: a run that read a stale record never replaces another run's (ADR-0164)
        if (!store.replaceKeyGenerations(read, g.toBytes(), check(current))) {
          throw new RotationInProgressException(
              "the key-generations record changed while this rotation was starting: another"
                  + " Nexus instance started a rotation or rekey; see `spike operator rotate"
                  + " --status`");
        }
        status = new Status(g.rotation(), 0, 0);
        recorded(r);
        LOG.info("root-key rotation to generation {} started", r.to());
        stepPause.run();
        return finish(store, g, current, next);
      }
    } finally {
      inFlight.set(false);
    }
  }

  /**
   * Handles a rotation recorded in the store after a restart: rolls a pending one back, finishes
   * any other.
   *
   * @param store the store as opened under the recovered key
   * @param recovered the key Nexus recovered (either generation of the rotation)
   * @return the key Nexus serves with afterwards; the caller owns it (a copy even if unchanged)
   * @throws GeneralSecurityException if the store's wrapped key does not open under {@code
   *     recovered}
   * @throws KeeperUnavailableException if a Keeper cannot take its new shard
   */
  public RootKey resume(Backend store, RootKey recovered)
      throws GeneralSecurityException, KeeperUnavailableException {
    requireNonNull(store, "store");
    requireNonNull(recovered, "recovered");
    KeyGenerations g = load(store, recovered);
    Optional<Rotation> recorded = g.rotation();
    int generation =
        g.generationOf(check(recovered))
            .orElseThrow(() -> new IllegalStateException("the key matches no recorded generation"));
    if (recorded.isEmpty() || !recorded.get().running()) {
      return copy(recovered);
    }
    Rotation r = recorded.get();
    if (!inFlight.compareAndSet(false, true)) {
      throw new IllegalStateException("a rotation runs in this process already");
    }
    try {
      switch (RotationStateMachine.onRestart(r)) {
        case ROLL_BACK -> {
          g = g.rollBack();
          store.storeKeyGenerations(g.toBytes(), check(recovered));
          status = new Status(Optional.empty(), 0, 0);
          events.rotationPhase(r.from(), r.to(), "rolled_back");
          LOG.warn("root-key rotation to generation {} was pending; rolled back", r.to());
          return copy(recovered);
        }
        case RESUME_DELIVERY, RESUME_RESEAL -> {
          LOG.info("resuming root-key rotation to generation {} ({})", r.to(), r.phase());
          if (generation == r.from()) {
            try (RootKey next =
                RootKeyWrap.open(
                    g.wrapped(new Wrap(r.to(), r.from())).orElseThrow(),
                    r.to(),
                    recovered,
                    r.from())) {
              return finish(store, g, recovered, next);
            }
          }
          try (RootKey old =
              RootKeyWrap.open(
                  g.wrapped(new Wrap(r.from(), r.to())).orElseThrow(),
                  r.from(),
                  recovered,
                  r.to())) {
            return finish(store, g, old, recovered);
          }
        }
        case NONE -> {
          return copy(recovered);
        }
      }
      throw new AssertionError("unreachable");
    } finally {
      inFlight.set(false);
    }
  }

  private RootKey finish(Backend store, KeyGenerations g, RootKey old, RootKey next)
      throws KeeperUnavailableException {
    Rotation r = g.rotation().orElseThrow();
    if (r.phase() == RotationPhase.PENDING) {
      r = RotationStateMachine.advance(r);
      g =
          g.record(
              r,
              Map.of(
                  new Wrap(r.from(), r.to()),
                  RootKeyWrap.seal(old, r.from(), next, r.to(), random)),
              check(next));
      store.storeKeyGenerations(g.toBytes(), check(old));
      status = new Status(g.rotation(), 0, 0);
      recorded(r);
    }
    if (r.phase() == RotationPhase.DELIVERING) {
      deliver(next, r);
      r = RotationStateMachine.advance(r);
      g = g.record(r, Map.of(), check(next));
      store.storeKeyGenerations(g.toBytes(), check(old));
      status = new Status(g.rotation(), status.delivered(), 0);
      recorded(r);
    }
    Backend serving = reopen(g, r, old, next);
    if (r.phase() == RotationPhase.RESEALING) {
      long total = 0;
      for (SealedKind kind : SealedKind.values()) {
        total += serving.countSealed(kind);
      }
      status = new Status(g.rotation(), status.delivered(), 0, total);
      long resealed = 0;
      for (SealedKind kind : SealedKind.values()) {
        int n;
        while ((n = serving.resealStale(kind, batch)) > 0) {
          resealed += n;
          status = new Status(g.rotation(), status.delivered(), resealed, total);
          stepPause.run();
        }
      }
      beforeDone.run();
      r = RotationStateMachine.advance(r);
      g = g.record(r, Map.of(), check(next));
      serving.storeKeyGenerations(g.toBytes(), check(next));
      serving.storeShardCommitments(
          FeldmanCommitments.of(next, parameters.get().threshold()).toBytes());
      status = new Status(g.rotation(), status.delivered(), resealed, total);
      completed.incrementAndGet();
      recorded(r);
      LOG.info(
          "root-key rotation to generation {} done: {} rows re-sealed; earlier recovery files are"
              + " superseded, run `spike operator recover` again",
          r.to(),
          resealed);
    }
    return copy(next);
  }

  private void recorded(Rotation r) {
    events.rotationPhase(r.from(), r.to(), r.phase().name().toLowerCase(Locale.ROOT));
  }

  /**
   * Reopens the store under {@code next} with {@code old} and every generation before it (opened
   * down the chain of wrapped keys), so SPIKE cipher texts of any earlier generation keep opening.
   */
  private Backend reopen(KeyGenerations g, Rotation r, RootKey old, RootKey next) {
    List<RootKey> older = new ArrayList<>();
    List<RootKey> opened = new ArrayList<>();
    older.add(old);
    try {
      GenerationActivation.retired(g, r.from(), old, older, opened);
      return reopener.reopen(next, older);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "a root key of a generation before " + r.from() + " stored with the data does not open",
          e);
    } finally {
      opened.forEach(RootKey::close);
    }
  }

  private void deliver(RootKey next, Rotation r) throws KeeperUnavailableException {
    ShamirParameters split = parameters.get();
    List<Shard> shards = Shamir.split(next, split);
    FeldmanCommitments commitments = FeldmanCommitments.of(next, split.threshold());
    try {
      int delivered = 0;
      for (int position = 1; position <= keepers.size(); position++) {
        keepers.contribute(position, shards.get(position - 1), commitments);
        delivered++;
        status = new Status(Optional.of(r), delivered, 0);
        stepPause.run();
      }
    } finally {
      shards.forEach(Shard::close);
    }
  }

  private static Supplier<ShamirParameters> constant(ShamirParameters p) {
    return () -> p;
  }

  private static KeyGenerations load(Backend store, RootKey current) {
    return store
        .loadKeyGenerations()
        .map(KeyGenerations::fromBytes)
        .orElseGet(() -> KeyGenerations.initial(check(current)));
  }

  private static byte[] check(RootKey key) {
    return KeyCheckValue.of(key).toBytes();
  }

  private static RootKey copy(RootKey key) {
    return RootKeyCopies.copy(key);
  }
}
