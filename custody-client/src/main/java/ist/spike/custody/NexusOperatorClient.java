package ist.spike.custody;

import static java.util.Objects.requireNonNull;

import ist.spike.api.ShardArray;
import ist.spike.api.json.MalformedBodyException;
import ist.spike.api.json.SpikeJson;
import ist.spike.api.operator.CommitmentsResponse;
import ist.spike.api.operator.RecoverResponse;
import ist.spike.api.operator.RekeyRequest;
import ist.spike.api.operator.RekeyResponse;
import ist.spike.api.operator.RestoreRequest;
import ist.spike.api.operator.RestoreResponse;
import ist.spike.api.operator.RotateResponse;
import ist.spike.client.error.SpikeException;
import ist.spike.client.transport.SpikeTransport;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidCommitmentsException;
import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.Shard;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.X509SvidSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link OperatorApi} over SPIFFE mTLS: SPIKE's {@code /v1/operator/recover} and {@code
 * /v1/operator/restore}, accepting only a server with a Nexus ID. Bodies with shard bytes are
 * zeroed after use.
 */
public final class NexusOperatorClient implements OperatorApi {
  private final SpikeTransport http;
  private final URI nexus;
  private final SpikeJson json = SpikeJson.create();

  private NexusOperatorClient(SpikeTransport http, URI nexus) {
    this.http = http;
    this.nexus = nexus;
  }

  /**
   * @param source this Pilot's SVID (recover or restore role)
   * @param nexusVerifier accepts Nexus IDs
   * @param nexus the Nexus base URL (SPIKE_NEXUS_API_URL)
   * @param timeout per request
   * @return the client
   */
  public static NexusOperatorClient create(
      X509SvidSource source, SpiffeIdVerifier nexusVerifier, URI nexus, Duration timeout) {
    requireNonNull(nexus, "nexus");
    return new NexusOperatorClient(Custody.transport(source, nexusVerifier, timeout), nexus);
  }

  @Override
  public List<Shard> recover() throws OperatorApiException {
    SpikeTransport.RawResponse answer =
        call("/v1/operator/recover", "{}".getBytes(StandardCharsets.US_ASCII));
    List<Shard> shards = new ArrayList<>();
    try (RecoverResponse response = json.decode(answer.body(), RecoverResponse.class)) {
      if (response.shards() == null) {
        throw new OperatorApiException(Optional.empty(), "Nexus answered no shards");
      }
      for (Map.Entry<Integer, byte[]> e : response.shards().entrySet()) {
        if (e.getValue() == null || ShardArray.isAllZero(e.getValue())) {
          throw new OperatorApiException(Optional.empty(), "Nexus answered an empty shard");
        }
        try (SecretBytes raw = SecretBytes.copyOf(e.getValue(), InsecureSecretAccess.get())) {
          shards.add(Shard.of(e.getKey(), raw));
        } catch (InvalidShardException ex) {
          throw new OperatorApiException(
              Optional.empty(), "Nexus answered an invalid shard: " + ex.getMessage());
        }
      }
      return List.copyOf(shards);
    } catch (MalformedBodyException e) {
      shards.forEach(Shard::close);
      throw new OperatorApiException(Optional.empty(), "Nexus answered a malformed body");
    } catch (OperatorApiException e) {
      shards.forEach(Shard::close);
      throw e;
    } finally {
      Arrays.fill(answer.body(), (byte) 0);
    }
  }

  @Override
  public FeldmanCommitments commitments() throws OperatorApiException {
    SpikeTransport.RawResponse answer =
        call("/v1/operator/commitments", "{}".getBytes(StandardCharsets.US_ASCII));
    try {
      CommitmentsResponse response = json.decode(answer.body(), CommitmentsResponse.class);
      if (response.commitments() == null) {
        throw new OperatorApiException(Optional.empty(), "Nexus answered no commitments");
      }
      return FeldmanCommitments.fromHex(response.commitments());
    } catch (MalformedBodyException e) {
      throw new OperatorApiException(Optional.empty(), "Nexus answered a malformed body");
    } catch (InvalidCommitmentsException e) {
      throw new OperatorApiException(
          Optional.empty(), "Nexus answered invalid commitments: " + e.getMessage());
    }
  }

  @Override
  public RestoreStatus restore(Shard shard) throws OperatorApiException {
    requireNonNull(shard, "shard");
    byte[] raw = shard.revealValue(InsecureSecretAccess.get());
    byte[] body;
    try (RestoreRequest request = RestoreRequest.of(shard.index(), raw)) {
      body = json.encode(request);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
    SpikeTransport.RawResponse answer;
    try {
      answer = call("/v1/operator/restore", body);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
    try {
      RestoreResponse r = json.decode(answer.body(), RestoreResponse.class);
      return new RestoreStatus(r.collected(), r.remaining(), r.restored());
    } catch (MalformedBodyException e) {
      throw new OperatorApiException(Optional.empty(), "Nexus answered a malformed body");
    }
  }

  @Override
  public RotationStatus rotate() throws OperatorApiException {
    return rotation("/v1/operator/rotate");
  }

  @Override
  public RotationStatus rotationStatus() throws OperatorApiException {
    return rotation("/v1/operator/rotate?action=status");
  }

  @Override
  public RekeyStatus rekey(int threshold, int shares, boolean confirmRecoveryFiles)
      throws OperatorApiException {
    return rekeying(
        "/v1/operator/rekey",
        json.encode(new RekeyRequest(threshold, shares, confirmRecoveryFiles)));
  }

  @Override
  public RekeyStatus rekeyStatus() throws OperatorApiException {
    return rekeying("/v1/operator/rekey?action=status", "{}".getBytes(StandardCharsets.US_ASCII));
  }

  private RekeyStatus rekeying(String target, byte[] body) throws OperatorApiException {
    SpikeTransport.RawResponse answer = call(target, body);
    try {
      RekeyResponse r = json.decode(answer.body(), RekeyResponse.class);
      return new RekeyStatus(
          r.threshold(),
          r.shares(),
          r.from(),
          r.to(),
          r.phase(),
          r.delivered(),
          r.retries(),
          r.retryIn(),
          r.stoppedBy());
    } catch (MalformedBodyException e) {
      throw new OperatorApiException(Optional.empty(), "Nexus answered a malformed body");
    }
  }

  private RotationStatus rotation(String target) throws OperatorApiException {
    SpikeTransport.RawResponse answer = call(target, "{}".getBytes(StandardCharsets.US_ASCII));
    try {
      RotateResponse r = json.decode(answer.body(), RotateResponse.class);
      return new RotationStatus(
          r.generation(),
          r.to(),
          r.phase(),
          r.delivered(),
          r.resealed(),
          r.retries(),
          r.retryIn(),
          r.stoppedBy());
    } catch (MalformedBodyException e) {
      throw new OperatorApiException(Optional.empty(), "Nexus answered a malformed body");
    }
  }

  private SpikeTransport.RawResponse call(String target, byte[] body) throws OperatorApiException {
    SpikeTransport.RawResponse answer;
    try {
      answer = http.postRaw(nexus, target, body);
    } catch (SpikeException e) {
      throw new OperatorApiException(
          Optional.empty(), "cannot reach SPIKE Nexus at " + nexus + ": " + e.getMessage());
    }
    if (answer.status() != 200 && answer.status() != 202) {
      ErrorBodies.Error error = ErrorBodies.read(answer.status(), answer.body());
      Arrays.fill(answer.body(), (byte) 0);
      throw new OperatorApiException(error.code(), error.reason());
    }
    return answer;
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "NexusOperatorClient[" + nexus + "]";
  }
}
