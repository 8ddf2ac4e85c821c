package ist.spike.dist.stack;

import java.net.URI;

/** Asks a Nexus whether it holds its root key (its {@code /readyz}). */
@FunctionalInterface
public interface NexusProbe {
  /**
   * @param nexus the Nexus base URL
   * @return true if Nexus answered that it is ready; false if not ready or unreachable
   */
  boolean isReady(URI nexus);
}
