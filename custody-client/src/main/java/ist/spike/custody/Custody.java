package ist.spike.custody;

import static java.util.Objects.requireNonNull;

import ist.spike.client.transport.SpikeTransport;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.X509SvidSource;
import java.time.Duration;

/** The transport the custody clients share: one timeout for connecting and for the request. */
final class Custody {
  private Custody() {}

  static SpikeTransport transport(
      X509SvidSource source, SpiffeIdVerifier serverVerifier, Duration timeout) {
    requireNonNull(timeout, "timeout");
    return SpikeTransport.builder()
        .svidSource(source)
        .serverVerifier(serverVerifier)
        .connectTimeout(timeout)
        .requestTimeout(timeout)
        .build();
  }
}
