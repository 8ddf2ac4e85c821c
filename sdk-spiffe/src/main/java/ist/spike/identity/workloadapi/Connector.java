package ist.spike.identity.workloadapi;

import ist.spike.identity.X509SvidSource;
import ist.spike.identity.spi.WorkloadApiConnector;
import java.time.Duration;

/** Registers {@link WorkloadApiSvidSource} with {@code SvidSources} through the service loader. */
public final class Connector implements WorkloadApiConnector {
  /** Creates the connector (called by {@link java.util.ServiceLoader}). */
  public Connector() {}

  @Override
  public X509SvidSource connect(String address, Duration timeout) {
    return WorkloadApiSvidSource.connect(address, timeout);
  }
}
