package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.ShamirParameters;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds Nexus's root key in memory. Nexus never generates one: a key arrives from the Keepers
 * ({@link KeeperRecovery}) or from an operator restore, is checked against the key-check value
 * stored with the data, and only then installed. Once installed it never changes for the life of
 * the process; {@link #close()} zeroes it. Thread-safe.
 */
public final class RootKeyCustody implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RootKeyCustody.class);

  private final SplitInForce split;
  private final DataActivation activation;
  private final List<Consumer<String>> onInstalled = new CopyOnWriteArrayList<>();
  private volatile RootKey rootKey;

  /**
   * @param parameters threshold and shares of this deployment
   * @param activation opens the data under a candidate key after the key check
   */
  public RootKeyCustody(ShamirParameters parameters, DataActivation activation) {
    this(new SplitInForce(parameters), activation);
  }

  /**
   * @param split the split in force (the stored one, ADR-0163)
   * @param activation opens the data under a candidate key after the key check
   */
  public RootKeyCustody(SplitInForce split, DataActivation activation) {
    this.split = requireNonNull(split, "split");
    this.activation = requireNonNull(activation, "activation");
  }

  /**
   * Returns the threshold and number of shares of the split in force: the stored threshold, which
   * differs from the configured one until a rekey (ADR-0163).
   */
  public ShamirParameters parameters() {
    return split.parameters();
  }

  /** Returns the split in force. */
  public SplitInForce split() {
    return split;
  }

  /** Whether a root key is installed (Nexus serves its data routes). */
  public boolean isReady() {
    return rootKey != null;
  }

  /** Registers an action run (with the key's source) right after a key is installed. */
  public void onInstalled(Consumer<String> action) {
    onInstalled.add(requireNonNull(action, "action"));
  }

  /**
   * Checks a candidate key against the stored key-check value and installs it. Takes ownership of
   * {@code candidate}: it is kept when installed and zeroed otherwise.
   *
   * @param candidate the reconstructed key
   * @param source where it came from, for the log ("keepers", "operator restore")
   * @return true if installed, false if a key was already installed (the candidate is zeroed)
   * @throws KeyCheckMismatchException if the key does not match the data; nothing was written
   */
  public boolean install(RootKey candidate, String source) throws KeyCheckMismatchException {
    return install(candidate, source, true);
  }

  /**
   * As {@link #install(RootKey, String)}; {@code reportRefusal} false leaves logging a refusal to
   * the caller (the quorum search tries several subsets and reports once).
   */
  boolean install(RootKey candidate, String source, boolean reportRefusal)
      throws KeyCheckMismatchException {
    requireNonNull(candidate, "candidate");
    requireNonNull(source, "source");
    synchronized (this) {
      if (rootKey != null) {
        candidate.close();
        return false;
      }
      try {
        activation.activate(candidate);
      } catch (KeyCheckMismatchException e) {
        candidate.close();
        if (!reportRefusal) {
          throw e;
        }
        LOG.error(
            "REFUSED the root key reconstructed from {}: it does not match the key-check value"
                + " stored with the data (wrong or mixed shards, or a reordered keeper list)."
                + " Nexus stays NOT READY and wrote nothing.",
            source);
        throw e;
      } catch (RuntimeException e) {
        candidate.close();
        throw e;
      }
      rootKey = candidate;
    }
    LOG.info("root key installed from {}; Nexus is ready", source);
    for (Consumer<String> action : onInstalled) {
      try {
        action.accept(source);
      } catch (RuntimeException e) {
        LOG.warn("post-install action failed: {}", e.toString());
      }
    }
    return true;
  }

  /**
   * Applies {@code use} to the installed key while it cannot be closed underneath.
   *
   * @return the result, or empty if no key is installed
   */
  public <T> Optional<T> withKey(Function<RootKey, T> use) {
    synchronized (this) {
      RootKey key = rootKey;
      return key == null ? Optional.empty() : Optional.ofNullable(use.apply(key));
    }
  }

  /**
   * Replaces the installed key with the one a finished (or resumed) root-key rotation produced
   * (ADR-0162); the store was already re-opened under it. Takes ownership of {@code next} and
   * zeroes the key it replaces.
   *
   * @throws IllegalStateException if no key is installed
   */
  public void replace(RootKey next, String source) {
    requireNonNull(next, "next");
    requireNonNull(source, "source");
    synchronized (this) {
      if (rootKey == null) {
        next.close();
        throw new IllegalStateException("no root key is installed to replace");
      }
      if (rootKey.equalsSecret(next)) {
        next.close();
        return;
      }
      RootKey old = rootKey;
      rootKey = next;
      old.close();
    }
    LOG.info("root key replaced after {}", source);
  }

  /** Zeroes the root key; Nexus is no longer ready. */
  @Override
  public synchronized void close() {
    if (rootKey != null) {
      rootKey.close();
      rootKey = null;
    }
  }

  @Override
  public String toString() {
    return "RootKeyCustody[" + split + ", " + (isReady() ? "ready" : "no root key") + "]";
  }
}
