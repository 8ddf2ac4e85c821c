package ist.spike.nexus.snapshot;

import static java.util.Objects.requireNonNull;

import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.IntegrityException;
import ist.spike.nexus.store.StoreExport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Clock;

/** Takes snapshots of a store and restores them into an empty one (ADR-0150). */
public final class Snapshots {
  private final Clock clock;

  /**
   * Creates the service.
   *
   * @param clock the time source for a snapshot's {@code takenAt}
   */
  public Snapshots(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Reads the store in one consistent read; the rows stay sealed.
   *
   * @param backend the store
   * @return the rows, to be written with {@link #write}
   * @throws UnsupportedOperationException for a backend without sealed rows
   */
  public StoreExport export(Backend backend) {
    return requireNonNull(backend, "backend").exportSealed(clock);
  }

  /**
   * Writes an export as a snapshot file.
   *
   * @param export the rows
   * @param backend the store they came from
   * @param out where to write
   * @return the manifest written
   * @throws IOException if writing fails
   */
  public SnapshotManifest write(StoreExport export, Backend backend, OutputStream out)
      throws IOException {
    return SnapshotFile.write(export, backend.kind(), out);
  }

  /**
   * Restores a snapshot into an empty store. Checks, in order: the file (format, limits, SHA-256,
   * manifest), that its key-check value is this store's, then every row opens and decodes at its
   * own place and the rows are complete; only then writes them, all in one transaction.
   *
   * @param backend the store; must hold no secret or policy
   * @param in the snapshot file
   * @return the snapshot's manifest
   * @throws InvalidSnapshotException if the file or a row does not verify, or the key differs;
   *     nothing was written
   * @throws IllegalStateException if the store is not empty
   * @throws IOException if reading fails
   */
  public SnapshotManifest restore(Backend backend, InputStream in)
      throws InvalidSnapshotException, IOException {
    requireNonNull(backend, "backend");
    SnapshotFile.Contents contents = SnapshotFile.read(in);
    byte[] stored =
        backend
            .loadKeyCheck()
            .orElseThrow(() -> new IllegalStateException("this Nexus has no root key yet"));
    if (!MessageDigest.isEqual(stored, contents.keyCheck())) {
      throw new InvalidSnapshotException(
          "the snapshot was taken under another root key (its key-check value does not match"
              + " this Nexus's); restore it into a Nexus that holds that root key");
    }
    try {
      backend.importSealed(contents.rows());
    } catch (IntegrityException e) {
      throw new InvalidSnapshotException(
          "a row of the snapshot does not verify: " + e.getMessage(), e);
    }
    return contents.manifest();
  }
}
