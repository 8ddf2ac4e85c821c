package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * Every sealed row of a store read in one consistent read, with the key-check value of the root key
 * that sealed them.
 *
 * @param startedAt when the consistent read began: every write acknowledged before it is included
 * @param keyCheck the stored key-check value (not secret)
 * @param rows the rows: indexes, values and policies, each kind ordered by its key
 */
public record StoreExport(Instant startedAt, byte[] keyCheck, List<SealedRow> rows) {
  /** Validates and copies the components. */
  public StoreExport {
    requireNonNull(startedAt, "startedAt");
    keyCheck = requireNonNull(keyCheck, "keyCheck").clone();
    rows = List.copyOf(rows);
  }

  /** Returns a copy of the key-check value. */
  @Override
  public byte[] keyCheck() {
    return keyCheck.clone();
  }
}
