package ist.spike.identity.spi;

import ist.spike.identity.X509SvidSource;
import java.time.Duration;

/**
 * Connects to a SPIFFE Workload API (for example a SPIRE agent). Implemented by the optional {@code
 * ist.spike:spike-sdk-spiffe} artifact (gRPC lives there only) and found with {@link
 * java.util.ServiceLoader}; {@link ist.spike.identity.SvidSources} uses the first one found.
 */
public interface WorkloadApiConnector {
  /**
   * Connects and waits for the first SVID.
   *
   * @param address the socket address, for example {@code unix:///run/spire/agent.sock}
   * @param timeout how long to wait for the first SVID; {@link Duration#ZERO} waits forever
   * @return the source; the caller closes it
   * @throws ist.spike.identity.SvidUnavailableException if the address is invalid or no SVID
   *     arrived in time
   */
  X509SvidSource connect(String address, Duration timeout);
}
