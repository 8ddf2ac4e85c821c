package ist.spike.nexus.store;

import java.util.Arrays;

/**
 * Every kind of sealed row the store holds, in one place: a root-key rotation re-seals every kind
 * listed here and snapshots move every kind (ADR-0162). A new kind of sealed data (named transit
 * keys, for example) joins with one constant here and one {@link SealedRow} record; {@code
 * SealedKindTest} fails until both exist.
 */
public enum SealedKind {
  /** A secret's index ({@code secret_metadata}). */
  SECRET_INDEX(SealedRow.Index.class),
  /** One version's values ({@code secret_versions}). */
  SECRET_VALUES(SealedRow.Values.class),
  /** A policy ({@code policies}). */
  POLICY(SealedRow.Policy.class);

  private final Class<? extends SealedRow> rowType;

  SealedKind(Class<? extends SealedRow> rowType) {
    this.rowType = rowType;
  }

  /** Returns the row record this kind is moved and re-sealed as. */
  public Class<? extends SealedRow> rowType() {
    return rowType;
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
