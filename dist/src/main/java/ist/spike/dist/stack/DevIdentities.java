package ist.spike.dist.stack;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.nio.file.Path;

/** {@link StackIdentities} from a development trust domain ({@code spike.ist}) in a directory. */
public final class DevIdentities implements StackIdentities {
  private final DevTrustDomain trustDomain;

  /**
   * @param trustDomain the development CA and SVID directories
   */
  public DevIdentities(DevTrustDomain trustDomain) {
    this.trustDomain = requireNonNull(trustDomain, "trustDomain");
  }

  /** Returns the trust domain. */
  public DevTrustDomain trustDomain() {
    return trustDomain;
  }

  @Override
  public Path svidDir(Component component) {
    return trustDomain.svidDirFor(
        switch (component) {
          case NEXUS -> SpikeRole.NEXUS;
          case KEEPER -> SpikeRole.KEEPER;
          case BOOTSTRAP -> SpikeRole.BOOTSTRAP;
          case PILOT_SUPERUSER -> SpikeRole.PILOT_SUPERUSER;
          case PILOT_RECOVER -> SpikeRole.PILOT_RECOVER;
          case PILOT_RESTORE -> SpikeRole.PILOT_RESTORE;
        });
  }
}
