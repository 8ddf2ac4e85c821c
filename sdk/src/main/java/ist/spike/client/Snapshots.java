package ist.spike.client;

import static java.util.Objects.requireNonNull;

import ist.spike.client.error.SpikeException;
import ist.spike.client.transport.NexusEndpoints;
import ist.spike.client.transport.SpikeTransport;
import ist.spike.client.transport.StreamResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Snapshot routes of Nexus for the superuser ({@code /v1/operator/snapshot}, ADR-0150). Obtain from
 * {@link SpikeClient#snapshots()}.
 */
public final class Snapshots {
  private static final String PATH = "/v1/operator/snapshot";
  private static final String OCTET_STREAM = "application/octet-stream";

  private final SpikeTransport transport;
  private final NexusEndpoints base;

  Snapshots(SpikeTransport transport, NexusEndpoints base) {
    this.transport = transport;
    this.base = base;
  }

  /**
   * Takes a snapshot and writes the file to {@code out}.
   *
   * @param out receives the snapshot file; not closed
   * @throws SpikeException if not allowed, the backend keeps no snapshot ({@code memory}, {@code
   *     lite}), or Nexus cannot be reached
   * @throws IOException if writing fails
   */
  public void take(OutputStream out) throws SpikeException, IOException {
    requireNonNull(out, "out");
    try (StreamResponse r =
        base.call(
            NexusEndpoints.Resend.SAFE,
            u ->
                transport.postStream(
                    u,
                    PATH,
                    "application/json",
                    () ->
                        new ByteArrayInputStream(
                            "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    2))) {
      r.body().transferTo(out);
    }
  }

  /**
   * Restores a snapshot into the (empty) store of Nexus.
   *
   * @param snapshot the snapshot file, read to its end
   * @param length its length in bytes
   * @return the snapshot's manifest (counts, {@code takenAt}, {@code keyCheck}, {@code sha256})
   * @throws SpikeException if the snapshot does not verify or belongs to another root key ({@code
   *     SpikeBadRequestException}, the message says which), the store is not empty (status 409),
   *     not allowed, or Nexus cannot be reached
   * @throws IOException if reading fails
   */
  public Map<String, Object> restore(InputStream snapshot, long length)
      throws SpikeException, IOException {
    requireNonNull(snapshot, "snapshot");
    try (StreamResponse r =
        base.call(
            NexusEndpoints.Resend.ONLY_IF_NOT_SENT,
            u ->
                transport.postStream(
                    u, PATH + "?action=restore", OCTET_STREAM, () -> snapshot, length))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> manifest =
          transport.mapper().readValue(r.body().readNBytes(1 << 20), Map.class);
      return manifest;
    }
  }
}
