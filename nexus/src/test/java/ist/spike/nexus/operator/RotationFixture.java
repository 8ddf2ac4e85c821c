package ist.spike.nexus.operator;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.nexus.rootkey.KeeperGateway;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.rotation.RekeyDriver;
import ist.spike.nexus.rotation.RotationDriver;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One Nexus instance's root-key parts for the rotation and rekey route tests: a custody that opens
 * a real store when a key is installed, the store handle (replaced by each rotation; the replaced
 * ones are closed with the fixture), the single-threaded executor rotations run on, and the
 * rotation service over them.
 */
final class RotationFixture implements AutoCloseable {
  final BackendConfig config;
  final SplitInForce split;
  final RootKeyCustody custody;
  final AtomicReference<Backend> backend = new AtomicReference<>();
  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final List<Backend> replaced = new ArrayList<>();

  /**
   * @param config the store
   * @param split the split in force, which the custody shares
   */
  RotationFixture(BackendConfig config, SplitInForce split) {
    this.config = config;
    this.split = split;
    this.custody =
        new RootKeyCustody(
            split, k -> backend.set(BackendFactory.open(config, k, List.of(), n -> {})));
  }

  /** The store Nexus serves from, empty before a key is installed. */
  Supplier<Optional<Backend>> store() {
    return () -> Optional.ofNullable(backend.get());
  }

  /** Reopens the store under the rotated key; the handle it replaces is closed with the fixture. */
  RotationDriver.StoreReopener reopener() {
    return (current, older) -> {
      Backend fresh = BackendFactory.open(config, current, older, n -> {});
      synchronized (replaced) {
        replaced.add(backend.getAndSet(fresh));
      }
      return fresh;
    };
  }

  /**
   * A driver delivering to {@code keepers} in batches of four, with no pause between steps.
   *
   * @param beforeDone runs before the rotation is recorded as done
   */
  RotationDriver driver(
      KeeperGateway keepers,
      Supplier<ShamirParameters> parameters,
      RotationDriver.StoreReopener reopener,
      Runnable beforeDone) {
    return new RotationDriver(
        keepers, parameters, reopener, new SecureRandom(), 4, () -> {}, beforeDone);
  }

  /** The rotation service over {@code driver} (and {@code rekeys}) on this instance's parts. */
  RotationService service(RotationDriver driver, Optional<RekeyDriver> rekeys) {
    return new RotationService(driver, rekeys, custody, store(), executor);
  }

  /**
   * The rotation service as Nexus runs it: a stopped run is resumed on this instance's executor
   * after {@code retries}' delays (ADR-0230), and phases and resumes go to {@code events}.
   */
  RotationService serviceRetrying(
      RotationDriver driver,
      Optional<RekeyDriver> rekeys,
      ist.spike.client.Backoff retries,
      ist.spike.nexus.rotation.KeyRunEvents events) {
    return new RotationService(driver, rekeys, custody, store(), executor, retries, events);
  }

  /** Installs a copy of {@code key}, which the caller keeps. */
  void install(RootKey key) throws Exception {
    custody.install(
        RootKey.of(
            SecretBytes.copyOf(
                key.revealBytes(InsecureSecretAccess.get()), InsecureSecretAccess.get())),
        "test");
  }

  /** Stops the executor (waiting up to 20 s), then closes the store handles and the custody. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (replaced) {
      replaced.forEach(Backend::close);
    }
    if (backend.get() != null) {
      backend.get().close();
    }
    custody.close();
  }
}
