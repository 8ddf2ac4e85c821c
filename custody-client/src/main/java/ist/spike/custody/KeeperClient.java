package ist.spike.custody;

import static java.util.Objects.requireNonNull;

import ist.spike.api.ShardArray;
import ist.spike.api.json.MalformedBodyException;
import ist.spike.api.json.SpikeJson;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeException;
import ist.spike.client.transport.SpikeTransport;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.Shard;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.X509SvidSource;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Calls SPIKE Keepers over SPIFFE mTLS: {@code /v1/store/shard} (Nexus) and {@code
 * /v1/store/contribute} (Nexus, Bootstrap). Accepts only servers whose SVID has a Keeper ID. Every
 * body carrying shard bytes is zeroed after use. Thread-safe; share one instance.
 */
public final class KeeperClient implements AutoCloseable {
  /** What a Keeper holds. */
  public record Held(OptionalInt reportedIndex, Shard shard) {
    @Override
    public String toString() {
      return "Held[index=" + shard.index() + ", reported=" + reportedIndex + "]";
    }
  }

  private static final SpikeJson JSON = SpikeJson.create();

  private final SpikeTransport http;
  private final Duration timeout;

  private KeeperClient(SpikeTransport http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * Creates a client.
   *
   * @param source this process's SVID and trust bundle
   * @param keeperVerifier accepts Keeper IDs (for example {@code roles.verifierFor(KEEPER)})
   * @param timeout per request (connect and response)
   * @return the client
   */
  public static KeeperClient create(
      X509SvidSource source, SpiffeIdVerifier keeperVerifier, Duration timeout) {
    requireNonNull(source, "source");
    requireNonNull(keeperVerifier, "keeperVerifier");
    requireNonNull(timeout, "timeout");
    return new KeeperClient(Custody.transport(source, keeperVerifier, timeout), timeout);
  }

  /**
   * Fetches the Keeper's shard.
   *
   * @param keeper the Keeper base URL
   * @param position its 1-based position in SPIKE_NEXUS_KEEPER_PEERS, used as the index when the
   *     Keeper stored none
   * @return the shard, or empty if the Keeper holds none
   * @throws KeeperCallException if it cannot be reached or answers something unusable
   */
  public Optional<Held> fetchShard(URI keeper, int position) throws KeeperCallException {
    byte[] body =
        post(
            keeper,
            "/v1/store/shard",
            "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            true);
    ShardGetResponse decoded;
    try {
      decoded = JSON.decode(body, ShardGetResponse.class);
    } catch (MalformedBodyException e) {
      throw new KeeperCallException("keeper " + keeper + " answered a malformed shard body");
    } finally {
      Arrays.fill(body, (byte) 0);
    }
    try (decoded) {
      byte[] value = decoded.shard();
      if (value == null) {
        return Optional.empty();
      }
      if (value.length != ShardArray.SIZE) {
        throw new KeeperCallException(
            "keeper " + keeper + " answered a shard that is not 32 numbers");
      }
      OptionalInt reported =
          decoded.index() == null ? OptionalInt.empty() : OptionalInt.of(decoded.index());
      int index = reported.orElse(position);
      try (SecretBytes raw = SecretBytes.copyOf(value, InsecureSecretAccess.get())) {
        return Optional.of(new Held(reported, Shard.of(index, raw)));
      } catch (InvalidShardException e) {
        throw KeeperCallException.invalidShard(
            "keeper " + keeper + " holds an invalid shard: " + e.getMessage());
      }
    }
  }

  /**
   * Gives the Keeper a shard (with its index), replacing what it holds.
   *
   * @throws KeeperCallException if it cannot be reached or refuses
   */
  public void contribute(URI keeper, Shard shard) throws KeeperCallException {
    send(keeper, shard, List.of());
  }

  /**
   * Gives the Keeper a shard with its index and the split's Feldman commitments, which the Keeper
   * checks the shard against before it replaces what it holds (ADR-0161).
   *
   * @throws KeeperCallException if it cannot be reached or refuses (a shard that does not match the
   *     commitments is refused with HTTP 400)
   */
  public void contribute(URI keeper, Shard shard, FeldmanCommitments commitments)
      throws KeeperCallException {
    requireNonNull(commitments, "commitments");
    send(keeper, shard, commitments.toHex());
  }

  private void send(URI keeper, Shard shard, List<String> commitments) throws KeeperCallException {
    requireNonNull(shard, "shard");
    byte[] value = shard.revealValue(InsecureSecretAccess.get());
    byte[] body;
    try (ShardPutRequest request = ShardPutRequest.of(value, shard.index(), commitments)) {
      body = JSON.encode(request);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
    try {
      byte[] answer = post(keeper, "/v1/store/contribute", body, false);
      Arrays.fill(answer, (byte) 0);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  private byte[] post(URI keeper, String path, byte[] body, boolean badRequestMeansEmpty)
      throws KeeperCallException {
    SpikeTransport.RawResponse response;
    try {
      response = http.postRaw(keeper, path, body);
    } catch (SpikeConnectionException e) {
      throw new KeeperCallException("keeper " + keeper + " unreachable: " + e.getMessage(), e);
    } catch (SpikeException e) {
      throw new KeeperCallException(
          "keeper " + keeper + " answered unusably: " + e.getMessage(), e);
    }
    int status = response.status();
    byte[] answer = response.body();
    if (status == 200 || (status == 400 && badRequestMeansEmpty)) {
      return answer;
    }
    Arrays.fill(answer, (byte) 0);
    throw new KeeperCallException("keeper " + keeper + " answered HTTP " + status + " to " + path);
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "KeeperClient[timeout=" + timeout + "]";
  }
}
