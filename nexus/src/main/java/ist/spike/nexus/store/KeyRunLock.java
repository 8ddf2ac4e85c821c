package ist.spike.nexus.store;

/**
 * The exclusion a root-key rotation or rekey holds for its whole run, across every Nexus instance
 * that shares the store (ADR-0164). Closing it releases it; a process that dies releases it too.
 */
public interface KeyRunLock extends AutoCloseable {
  /** The lock of a store only one process uses: the process's own guard is the exclusion. */
  KeyRunLock SINGLE_PROCESS = () -> {};

  /** Releases the exclusion; never throws. */
  @Override
  void close();
}
