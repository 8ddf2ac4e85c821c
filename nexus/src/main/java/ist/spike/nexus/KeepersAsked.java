package ist.spike.nexus;

import static java.util.Objects.requireNonNull;

import ist.spike.custody.KeeperClient;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.X509SvidSource;
import ist.spike.nexus.rootkey.EarlyKeeperFetch;
import ist.spike.nexus.rootkey.KeeperClientGateway;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The Keeper client and the Keepers' first answers, made on their own thread as soon as Nexus holds
 * its SVID (ADR 0234), while the main thread probes the store and the audit chain opens. {@link
 * #close()} is for a start that fails before the recovery runs: it zeroes the answers not read and
 * closes the client once its calls end, without holding up the caller.
 *
 * @param client the mTLS client to the Keepers (Nexus's SVID), used after ready too
 * @param answers the first answers, for the recovery's first round
 */
record KeepersAsked(KeeperClient client, EarlyKeeperFetch answers) implements AutoCloseable {
  KeepersAsked {
    requireNonNull(client, "client");
    requireNonNull(answers, "answers");
  }

  /**
   * Makes the client and asks the first {@code count} Keepers for their shards.
   *
   * @param source this process's SVID (its role already checked)
   * @param keeperVerifier accepts Keeper IDs
   * @param timeout per request
   * @param keepers the Keeper URLs in position order
   * @param count how many Keepers, from the first, to ask now (the threshold)
   * @return the client and the answers on their way
   */
  static KeepersAsked ask(
      X509SvidSource source,
      SpiffeIdVerifier keeperVerifier,
      Duration timeout,
      List<URI> keepers,
      int count) {
    KeeperClient client = KeeperClient.create(source, keeperVerifier, timeout);
    return new KeepersAsked(
        client, EarlyKeeperFetch.start(new KeeperClientGateway(keepers, client), count));
  }

  @Override
  public void close() {
    answers.discard();
    Thread.ofVirtual().name("nexus-keeper-client-close").start(client::close);
  }
}
