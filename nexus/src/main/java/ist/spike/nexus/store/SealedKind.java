package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * Every kind of sealed row the store holds, in one place (ADR-0162): where it lives (table, sealed
 * column, key columns) and the row it is exported as. A root-key rotation re-seals every kind
 * listed here, with SQL and associated data built from these names alone, so a new kind of sealed
 * data (named transit keys, for example) joins rotation with one constant here, provided its rows
 * are sealed with {@link #rowLabel(List)} as their associated-data row (the rule every kind below
 * already follows) and it has a {@link SealedRow} record for snapshots; {@code SealedKindTest}
 * fails until both exist.
 */
public enum SealedKind {
  /** A secret's index. */
  SECRET_INDEX(SealedRow.Index.class, "secret_metadata", "encrypted_index", "path"),
  /** One version's values. */
  SECRET_VALUES(SealedRow.Values.class, "secret_versions", "encrypted_values", "path", "version"),
  /** A policy. */
  POLICY(SealedRow.Policy.class, "policies", "encrypted_policy", "name");

  private final Class<? extends SealedRow> rowType;
  private final String table;
  private final String column;
  private final List<String> keyColumns;

  SealedKind(
      Class<? extends SealedRow> rowType, String table, String column, String... keyColumns) {
    this.rowType = rowType;
    this.table = table;
    this.column = column;
    this.keyColumns = List.of(keyColumns);
  }

  /** Returns the row record this kind is exported as. */
  public Class<? extends SealedRow> rowType() {
    return rowType;
  }

  /** Returns the table. */
  public String table() {
    return table;
  }

  /** Returns the sealed column. */
  public String column() {
    return column;
  }

  /** Returns the columns that identify a row, in order. */
  public List<String> keyColumns() {
    return keyColumns;
  }

  /**
   * Returns the row part of a field's associated data: {@code col=value} for every key column,
   * joined by NUL ({@code path=a}, {@code path=a\u0000version=2}).
   *
   * @param keyValues the key column values, in {@link #keyColumns()} order
   * @return the label
   * @throws IllegalArgumentException if the number of values is wrong
   */
  public String rowLabel(List<?> keyValues) {
    requireNonNull(keyValues, "keyValues");
    if (keyValues.size() != keyColumns.size()) {
      throw new IllegalArgumentException(
          name() + " rows have " + keyColumns.size() + " key columns, got " + keyValues.size());
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < keyColumns.size(); i++) {
      if (i > 0) {
        b.append('\u0000');
      }
      b.append(keyColumns.get(i)).append('=').append(keyValues.get(i));
    }
    return b.toString();
  }

  /**
   * Returns the kind of a row.
   *
   * @throws IllegalArgumentException for a row type no kind lists (a missing constant here)
   */
  public static SealedKind of(SealedRow row) {
    return Arrays.stream(values())
        .filter(k -> k.rowType == row.getClass())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no SealedKind lists " + row.getClass().getSimpleName()));
  }
}
