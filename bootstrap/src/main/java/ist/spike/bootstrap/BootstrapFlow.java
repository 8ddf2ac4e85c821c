package ist.spike.bootstrap;

import static java.util.Objects.requireNonNull;

import ist.spike.client.Backoff;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.crypto.aead.SpikeSealed;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.Shard;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPIKE Bootstrap: generate a root key, give Keeper i shard i, and check that Nexus rebuilt the
 * same key by having it decrypt a random text ({@code /v1/bootstrap/verify}). Everything is zeroed
 * at the end.
 *
 * <p>Unlike SPIKE, it first asks Nexus ({@code /v1/bootstrap/status}) whether it already holds data
 * under a root key, and then refuses to hand out a new key (which would orphan that data) unless
 * {@code SPIKE_BOOTSTRAP_FORCE=true}.
 */
final class BootstrapFlow {
  static final int EXIT_REFUSED = 3;
  static final int EXIT_FAILED = 1;
  static final Duration WAIT_POLL_MAX_INTERVAL = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(BootstrapFlow.class);

  private final BootstrapSettings settings;
  private final BootstrapPorts ports;
  private final SecureRandom random;
  private final KeeperRecoverySleeper sleeper;

  /** This run's claim token while it holds the claim to key the cluster (renewed), else null. */
  private String heldClaim;

  /** Waits between retries (replaceable in tests). */
  @FunctionalInterface
  interface KeeperRecoverySleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  BootstrapFlow(
      BootstrapSettings settings,
      BootstrapPorts ports,
      SecureRandom random,
      KeeperRecoverySleeper sleeper) {
    this.settings = requireNonNull(settings, "settings");
    this.ports = requireNonNull(ports, "ports");
    this.random = requireNonNull(random, "random");
    this.sleeper = requireNonNull(sleeper, "sleeper");
  }

  /** Runs the whole flow. */
  void run() throws BootstrapException, InterruptedException {
    byte[] token = new byte[16];
    random.nextBytes(token);
    String claim = HexFormat.of().formatHex(token);
    if (!checkNexusHoldsNoData(claim)) {
      return;
    }
    try (RootKey rootKey = RootKey.generate(random)) {
      List<Shard> shards = Shamir.split(rootKey, settings.parameters());
      FeldmanCommitments commitments =
          FeldmanCommitments.of(rootKey, settings.parameters().threshold());
      try {
        for (int i = 0; i < settings.keepers().size(); i++) {
          deliver(settings.keepers().get(i), shards.get(i), commitments);
        }
      } finally {
        shards.forEach(Shard::close);
      }
      LOG.info("every keeper holds its shard; verifying that Nexus rebuilt the root key");
      verify(rootKey);
    }
    LOG.info("bootstrap completed: Nexus holds the new root key");
  }

  /**
   * Returns true if this run is to key the cluster; false if another run holds the claim and the
   * cluster became ready under its key.
   */
  private boolean checkNexusHoldsNoData(String claim)
      throws BootstrapException, InterruptedException {
    BootstrapPorts.StatusAnswer answer =
        retryUntil(
            settings.verificationTimeout(),
            "asking Nexus for its status",
            () -> ports.nexusStatus(claim));
    if (answer.spike().isPresent()) {
      // SPIKE's Nexus cannot tell whether it holds data; its own Bootstrap never asks.
      if (answer.spike().get() == BootstrapPorts.SpikeNexus.WITHOUT_KEY) {
        LOG.warn(
            "a SPIKE Go Nexus without a root key answered (503 state_not_ready); it cannot report"
                + " whether it holds data, so a new root key is distributed as SPIKE's Bootstrap"
                + " does");
      } else {
        LOG.warn(
            "a SPIKE Go Nexus that already holds a root key answered (no status route); it cannot"
                + " report whether it holds data, so a new root key is distributed as SPIKE's"
                + " Bootstrap does");
      }
      return true;
    }
    BootstrapPorts.NexusStatus status = answer.ours().orElseThrow();
    if (!status.initialized() && !status.claimed() && !settings.force()) {
      LOG.info(
          "another Bootstrap run is keying this cluster (its claim is held in the shared store);"
              + " waiting for Nexus to become ready under that key, or for the claim to lapse");
      // Asking with this run's token takes the claim over once the other run stopped renewing
      // it (it died) and the cluster is still not keyed.
      BootstrapPorts.NexusStatus after =
          retryUntil(
              settings.verificationTimeout(),
              // asked often enough that a lapsed claim is taken over soon after the lease
              WAIT_POLL_MAX_INTERVAL,
              "waiting for the other Bootstrap run",
              () -> {
                Optional<BootstrapPorts.NexusStatus> s = ports.nexusStatus(claim).ours();
                if (s.isPresent()
                    && (s.get().ready() || (s.get().claimed() && !s.get().initialized()))) {
                  return s.get();
                }
                throw new BootstrapPorts.RetryableException("Nexus is not ready yet");
              });
      if (after.ready()) {
        LOG.info("bootstrap completed by another run: Nexus holds the root key; nothing to do");
        return false;
      }
      LOG.warn(
          "the other Bootstrap run's claim lapsed before the cluster was keyed (that run stopped);"
              + " this run holds the claim now and keys the cluster");
      heldClaim = claim;
      return true;
    }
    if (status.initialized()) {
      if (settings.force()) {
        LOG.warn(
            "Nexus already holds data under a root key; SPIKE_BOOTSTRAP_FORCE=true, so a NEW root"
                + " key is distributed anyway. Nexus will refuse it (key-check) and stay on its"
                + " data; verification will fail unless its data directory was emptied.");
        return true;
      }
      throw new BootstrapException(
          EXIT_REFUSED,
          "Nexus already holds data encrypted under a root key"
              + (status.ready() ? " (and is ready)" : " (waiting for its keepers)")
              + "; refusing to generate a new root key, which would orphan that data. Restore the"
              + " existing key with `spike operator restore`, or set SPIKE_BOOTSTRAP_FORCE=true"
              + " only if that data is to be abandoned.");
    }
    if (status.claimed() && !settings.force()) {
      heldClaim = claim;
    }
    return true;
  }

  private void deliver(URI keeper, Shard shard, FeldmanCommitments commitments)
      throws BootstrapException, InterruptedException {
    Backoff backoff =
        Backoff.of(
            settings.keeperInitialInterval(),
            max(settings.keeperInitialInterval(), settings.keeperMaxInterval()),
            2.0,
            0.5);
    String last = "";
    for (int attempt = 0; attempt < settings.keeperMaxRetries(); attempt++) {
      if (attempt > 0) {
        sleeper.sleep(backoff.delay(attempt - 1));
      }
      try {
        renewClaim();
        ports.contribute(keeper, shard, commitments);
        LOG.info("keeper {} received shard {}", keeper, shard.index());
        return;
      } catch (BootstrapPorts.RetryableException e) {
        last = e.getMessage();
        LOG.warn("keeper {} attempt {} failed: {}", keeper, attempt + 1, last);
      } catch (BootstrapPorts.FatalException e) {
        throw new BootstrapException(
            EXIT_FAILED,
            "keeper " + keeper + " refused shard " + shard.index() + ": " + e.getMessage());
      }
    }
    throw new BootstrapException(
        EXIT_FAILED,
        "failed to reach keeper "
            + shard.index()
            + " at "
            + keeper
            + " after "
            + settings.keeperMaxRetries()
            + " attempts ("
            + last
            + "); ensure all keepers are running and rerun bootstrap");
  }

  /**
   * Renews this run's claim right before a shard goes out, so a live run keeps it however long the
   * Keepers take, and a run that lost it (it stalled for longer than the lease and another run took
   * over) stops before it hands out a second key.
   */
  private void renewClaim() throws BootstrapPorts.RetryableException, BootstrapException {
    if (heldClaim == null) {
      return;
    }
    Optional<BootstrapPorts.NexusStatus> s;
    try {
      s = ports.nexusStatus(heldClaim).ours();
    } catch (BootstrapPorts.FatalException e) {
      throw new BootstrapException(
          EXIT_FAILED, "renewing the claim to key the cluster failed: " + e.getMessage());
    }
    if (s.isEmpty()) {
      throw new BootstrapPorts.RetryableException("Nexus did not answer the claim renewal");
    }
    // Initialized while this run holds the claim: Nexus already rebuilt a key from this run's
    // first shards (verification checks that it is this run's key).
    if (!s.get().claimed() && !s.get().initialized()) {
      throw new BootstrapException(
          EXIT_FAILED,
          "this Bootstrap run lost its claim to key the cluster (it stalled for longer than"
              + " SPIKE_NEXUS_BOOTSTRAP_CLAIM_LEASE and another run took over); stopping without"
              + " handing out more shards. Check that the other run completed.");
    }
  }

  private void renewClaimWhileVerifying()
      throws BootstrapPorts.RetryableException, BootstrapPorts.FatalException {
    try {
      renewClaim();
    } catch (BootstrapException e) {
      throw new BootstrapPorts.FatalException(e.getMessage());
    }
  }

  private void verify(RootKey rootKey) throws BootstrapException, InterruptedException {
    byte[] randomBytes = new byte[32];
    random.nextBytes(randomBytes);
    byte[] text = HexFormat.of().formatHex(randomBytes).getBytes(StandardCharsets.US_ASCII);
    java.util.Arrays.fill(randomBytes, (byte) 0);
    String expected = sha256Hex(text);
    SpikeSealed sealed;
    try (SpikeCompatCipher cipher = SpikeCompatCipher.create(rootKey, random)) {
      sealed = cipher.seal(text);
    } catch (GeneralSecurityException e) {
      throw new BootstrapException(EXIT_FAILED, "cannot encrypt the verification text: " + e);
    } finally {
      java.util.Arrays.fill(text, (byte) 0);
    }
    String hash =
        retryUntil(
            settings.verificationTimeout(),
            WAIT_POLL_MAX_INTERVAL,
            "verifying Nexus",
            () -> {
              // Until Nexus stored this key's key-check, the claim is what keeps other runs out.
              renewClaimWhileVerifying();
              return ports.verify(sealed.nonce(), sealed.ciphertext());
            });
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
      throw new BootstrapException(
          EXIT_FAILED,
          "Nexus decrypted the verification text to something else: it holds a different root"
              + " key. Check SPIKE_NEXUS_KEEPER_PEERS and the Nexus log.");
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T call() throws BootstrapPorts.RetryableException, BootstrapPorts.FatalException;
  }

  private <T> T retryUntil(Duration budget, String what, Call<T> call)
      throws BootstrapException, InterruptedException {
    return retryUntil(budget, Duration.ofSeconds(60), what, call);
  }

  private <T> T retryUntil(Duration budget, Duration maxInterval, String what, Call<T> call)
      throws BootstrapException, InterruptedException {
    Backoff backoff = Backoff.of(Duration.ofMillis(500), maxInterval, 2.0, 0.5);
    long deadline = System.nanoTime() + budget.toNanos();
    String last = "";
    for (int attempt = 0; ; attempt++) {
      try {
        return call.call();
      } catch (BootstrapPorts.RetryableException e) {
        last = e.getMessage();
        LOG.info("{}: {} (retrying)", what, last);
      } catch (BootstrapPorts.FatalException e) {
        throw new BootstrapException(EXIT_FAILED, what + " failed: " + e.getMessage());
      }
      Duration delay = backoff.delay(attempt);
      if (System.nanoTime() + delay.toNanos() > deadline) {
        throw new BootstrapException(
            EXIT_FAILED, what + " did not succeed within " + budget + ": " + last);
      }
      sleeper.sleep(delay);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
