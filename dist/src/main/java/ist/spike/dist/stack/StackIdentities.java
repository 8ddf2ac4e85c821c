package ist.spike.dist.stack;

import java.nio.file.Path;

/** Where the stack's components find their SVIDs (one directory each, usable as SPIKE_SVID_DIR). */
public interface StackIdentities {
  /** The SPIFFE roles the development stack mints SVIDs for. */
  enum Component {
    NEXUS,
    KEEPER,
    BOOTSTRAP,
    PILOT_SUPERUSER,
    PILOT_RECOVER,
    PILOT_RESTORE
  }

  /** Returns (minting if needed) the SVID directory of a component. */
  Path svidDir(Component component);
}
