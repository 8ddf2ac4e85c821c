package ist.spike.custody;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.ErrorCode;
import ist.spike.api.bootstrap.BootstrapStatusRequest;
import ist.spike.api.bootstrap.BootstrapVerifyRequest;
import ist.spike.api.bootstrap.BootstrapVerifyResponse;
import ist.spike.api.json.MalformedBodyException;
import ist.spike.api.json.SpikeJson;
import ist.spike.client.error.SpikeException;
import ist.spike.client.transport.SpikeTransport;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.X509SvidSource;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Bootstrap's calls to Nexus: SPIKE's {@code /v1/bootstrap/verify}, and our {@code
 * /v1/bootstrap/status} (does Nexus already hold data under a root key?).
 */
public final class BootstrapApi implements AutoCloseable {
  /** Path of the status route (not in SPIKE). */
  public static final String STATUS_PATH = "/v1/bootstrap/status";

  /**
   * What Nexus reports before Bootstrap hands out a root key.
   *
   * @param initialized Nexus's store already holds a key-check value or data
   * @param ready Nexus holds its root key now
   * @param claimed the claim sent with the request holds the right to key the cluster (true when no
   *     claim was sent, or Nexus does not coordinate claims)
   */
  public record Status(boolean initialized, boolean ready, boolean claimed) {
    /** A status without claim information. */
    public Status(boolean initialized, boolean ready) {
      this(initialized, ready, true);
    }
  }

  /** The call failed; {@code code} is Nexus's error code, empty when Nexus was unreachable. */
  public static final class CallException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Optional<ErrorCode> code;

    CallException(Optional<ErrorCode> code, String message) {
      super(message);
      this.code = code;
    }

    /** Returns Nexus's error code, empty when unreachable. */
    public Optional<ErrorCode> code() {
      return code;
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final SpikeTransport http;
  private final URI nexus;
  private final SpikeJson json = SpikeJson.create();

  private BootstrapApi(SpikeTransport http, URI nexus) {
    this.http = http;
    this.nexus = nexus;
  }

  /**
   * @param source the Bootstrap SVID
   * @param nexusVerifier accepts Nexus IDs
   * @param nexus SPIKE_NEXUS_API_URL
   * @param timeout per request
   * @return the client
   */
  public static BootstrapApi create(
      X509SvidSource source, SpiffeIdVerifier nexusVerifier, URI nexus, Duration timeout) {
    requireNonNull(nexus, "nexus");
    return new BootstrapApi(Custody.transport(source, nexusVerifier, timeout), nexus);
  }

  /** What the status route told Bootstrap about the Nexus it talks to. */
  public sealed interface StatusAnswer {
    /** Our Nexus, which reports whether its store already holds data. */
    record Ours(Status status) implements StatusAnswer {}

    /** A SPIKE Go Nexus that holds a root key (it answers 400: no such route). */
    record SpikeWithKey() implements StatusAnswer {}

    /**
     * A SPIKE Go Nexus without a root key yet: it answers {@code 503 {"err":"state_not_ready"}} on
     * every route but recover/restore. Ours never answers that on the status route.
     */
    record SpikeWithoutKey() implements StatusAnswer {}
  }

  /**
   * Asks whether Nexus already holds data.
   *
   * @return our Nexus's status, or which kind of SPIKE Nexus answered
   * @throws CallException if Nexus is unreachable or answered anything else
   */
  public StatusAnswer status() throws CallException {
    return status("");
  }

  /**
   * Asks whether Nexus already holds data and records {@code claim} as the Bootstrap run that keys
   * the cluster, unless another run's claim is held (ADR-0092).
   *
   * @param claim 32 lower-case hex digits, or empty to only ask
   * @return our Nexus's status, or which kind of SPIKE Nexus answered
   * @throws CallException if Nexus is unreachable or answers an error
   */
  public StatusAnswer status(String claim) throws CallException {
    SpikeTransport.RawResponse a =
        post(STATUS_PATH, json.encode(new BootstrapStatusRequest(claim)));
    if (a.status() == 400) {
      return new StatusAnswer.SpikeWithKey();
    }
    if (a.status() == 503 && saysNotReady(a.body())) {
      return new StatusAnswer.SpikeWithoutKey();
    }
    failUnlessOk(a);
    try {
      JsonNode node = MAPPER.readTree(a.body());
      return new StatusAnswer.Ours(
          new Status(
              node.path("initialized").asBoolean(),
              node.path("ready").asBoolean(),
              node.path("claimed").asBoolean(true)));
    } catch (IOException e) {
      throw new CallException(Optional.empty(), "Nexus answered a malformed status body");
    }
  }

  /**
   * SPIKE's verification: Nexus decrypts {@code ciphertext} with its root key.
   *
   * @return the hex SHA-256 of the plaintext as Nexus decrypted it
   */
  public String verify(byte[] nonce, byte[] ciphertext) throws CallException {
    SpikeTransport.RawResponse a =
        post("/v1/bootstrap/verify", json.encode(BootstrapVerifyRequest.of(nonce, ciphertext)));
    failUnlessOk(a);
    try {
      return json.decode(a.body(), BootstrapVerifyResponse.class).hash();
    } catch (MalformedBodyException e) {
      throw new CallException(Optional.empty(), "Nexus answered a malformed verify body");
    }
  }

  private SpikeTransport.RawResponse post(String target, byte[] body) throws CallException {
    try {
      return http.postRaw(nexus, target, body);
    } catch (SpikeException e) {
      throw new CallException(
          Optional.empty(), "cannot reach Nexus at " + nexus + ": " + e.getMessage());
    }
  }

  /** True for SPIKE's exact pre-key body {@code {"err":"state_not_ready"}}, not any 503. */
  private static boolean saysNotReady(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      return node != null
          && node.isObject()
          && ErrorCode.NOT_READY.code().equals(node.path("err").asText(""));
    } catch (IOException e) {
      return false;
    }
  }

  private static void failUnlessOk(SpikeTransport.RawResponse a) throws CallException {
    if (a.status() != 200) {
      ErrorBodies.Error e = ErrorBodies.read(a.status(), a.body());
      throw new CallException(e.code(), e.reason());
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
