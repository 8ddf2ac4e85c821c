package ist.spike.spa.cloud;

import static java.util.Objects.requireNonNull;

import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeException;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.spa.vault.WrappingKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cloud factor kept in SPIKE Nexus, reached over mTLS with the Java SDK under the user's own
 * SVID ({@code spiffe://<td>/spa/user/<name>}, from {@code SPIKE_SVID_DIR} or the Workload API).
 * Nexus holds the wrapping key at {@code spa/user/<name>/cloud-key} and the chain head at {@code
 * spa/user/<name>/chain-head}; an operator's policy grants only that SPIFFE ID read and write on
 * {@code spa/user/<name>/}. No key file is written to disk.
 *
 * <p>The SDK takes secret values as {@link String}s, so one copy of the hex key lives in an
 * immutable string for the duration of a call.
 */
public final class SpikeCloud implements CloudFactor {
  private final String user;
  private final Supplier<SpikeClient> connect;
  private SpikeClient client;

  /**
   * @param user the user id (a path segment); not null
   * @param connect opens the SDK client (usually {@code () -> SpikeClient.fromEnvironment(env)});
   *     called at most once, on first use
   */
  public SpikeCloud(String user, Supplier<SpikeClient> connect) {
    this.user = requireNonNull(user, "user");
    this.connect = requireNonNull(connect, "connect");
  }

  /** Returns the Nexus path of the wrapping key. */
  public static String keyPath(String user) {
    return "spa/user/" + user + "/cloud-key";
  }

  /** Returns the Nexus path of the chain head. */
  public static String headPath(String user) {
    return "spa/user/" + user + "/chain-head";
  }

  @Override
  public String kind() {
    return "spike";
  }

  private SpikeClient client() throws IOException {
    if (client == null) {
      try {
        client = connect.get();
      } catch (RuntimeException e) {
        throw new CloudUnavailableException(
            "cannot reach SPIKE for the cloud factor ("
                + e.getMessage()
                + "); set SPIKE_NEXUS_API_URL and SPIKE_SVID_DIR to this user's SVID"
                + " (spiffe://<td>/spa/user/"
                + user
                + ")");
      }
    }
    return client;
  }

  @Override
  public WrappingKey create(SecureRandom random) throws IOException {
    WrappingKey key = WrappingKey.generate(random);
    char[] hex = key.revealHex(InsecureSecretAccess.get());
    try {
      client().secrets().put(keyPath(user), Map.of("key", new String(hex)));
      return key;
    } catch (SpikeException e) {
      key.close();
      throw refused("store the cloud key", e);
    } finally {
      Arrays.fill(hex, '\0');
    }
  }

  @Override
  public WrappingKey open() throws IOException {
    try {
      Map<String, String> values =
          client()
              .secrets()
              .get(keyPath(user))
              .orElseThrow(
                  () ->
                      new IOException(
                          "SPIKE holds no cloud key at "
                              + keyPath(user)
                              + " (not onboarded there?)"));
      String hex = values.get("key");
      if (hex == null) {
        throw new IOException("the secret at " + keyPath(user) + " has no 'key' field");
      }
      char[] chars = hex.toCharArray();
      try {
        return WrappingKey.parseHex(chars);
      } catch (IllegalArgumentException e) {
        throw new IOException("the cloud key at " + keyPath(user) + " is damaged");
      } finally {
        Arrays.fill(chars, '\0');
      }
    } catch (SpikeException e) {
      throw refused("read the cloud key", e);
    }
  }

  @Override
  public void recordHead(ChainHead head) throws IOException {
    requireNonNull(head, "head");
    try {
      client()
          .secrets()
          .put(
              headPath(user),
              Map.of("hash", head.hashHex(), "receipts", Integer.toString(head.receipts())));
    } catch (SpikeException e) {
      throw refused("record the chain head", e);
    }
  }

  @Override
  public Optional<ChainHead> head() throws IOException {
    try {
      Optional<Map<String, String>> values = client().secrets().get(headPath(user));
      if (values.isEmpty()) {
        return Optional.empty();
      }
      String hash = values.get().get("hash");
      String count = values.get().get("receipts");
      if (hash == null || count == null) {
        throw new IOException("the chain head at " + headPath(user) + " is damaged");
      }
      try {
        return Optional.of(new ChainHead(hash, Integer.parseInt(count)));
      } catch (IllegalArgumentException e) {
        throw new IOException("the chain head at " + headPath(user) + " is damaged");
      }
    } catch (SpikeException e) {
      throw refused("read the chain head", e);
    }
  }

  private CloudUnavailableException refused(String what, SpikeException e) {
    return new CloudUnavailableException(
        "SPIKE could not "
            + what
            + " for user "
            + user
            + ": "
            + e.getMessage()
            + " (is SPIKE_SVID_DIR this user's SVID, and does a policy grant it"
            + " spa/user/"
            + user
            + "/?)");
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
