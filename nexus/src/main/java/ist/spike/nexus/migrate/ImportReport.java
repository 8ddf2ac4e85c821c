package ist.spike.nexus.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import did. Problems name rows (path and version, or policy name), never values.
 *
 * @param secretsImported secrets written (new, or completed after an interrupted import)
 * @param versionsImported versions written
 * @param secretsUnchanged secrets already present exactly as in the SPIKE database
 * @param policiesImported policies written
 * @param policiesUnchanged policies already present exactly as in the SPIKE database
 * @param corrupt rows that could not be read, by path or name; those secrets or policies were
 *     skipped, the rest imported
 * @param conflicts secrets or policies our store already holds differently; left as they are
 * @param ignored version rows SPIKE itself never serves (no metadata row)
 */
public record ImportReport(
    int secretsImported,
    int versionsImported,
    int secretsUnchanged,
    int policiesImported,
    int policiesUnchanged,
    List<String> corrupt,
    List<String> conflicts,
    List<String> ignored) {
  /** Copies the lists. */
  public ImportReport {
    corrupt = List.copyOf(corrupt);
    conflicts = List.copyOf(conflicts);
    ignored = List.copyOf(ignored);
  }

  /** True if nothing was written. */
  public boolean changedNothing() {
    return secretsImported == 0 && versionsImported == 0 && policiesImported == 0;
  }

  /** Returns the report as lines for an operator. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(
        "imported "
            + secretsImported
            + " secrets ("
            + versionsImported
            + " versions) and "
            + policiesImported
            + " policies; already present unchanged: "
            + secretsUnchanged
            + " secrets, "
            + policiesUnchanged
            + " policies");
    corrupt.forEach(c -> out.add("skipped (unreadable): " + c));
    conflicts.forEach(c -> out.add("skipped (already in this store, different): " + c));
    ignored.forEach(c -> out.add("ignored (SPIKE never serves it): " + c));
    return out;
  }
}
