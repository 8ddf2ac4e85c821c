package ist.spike.nexus.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The key/value pairs of one secret version. SPIKE distinguishes an empty map from {@code null}
 * ({@code "values":null} is stored and read back as {@code "data":null}), so both are kept.
 *
 * <p>{@link #toString()} never shows values.
 */
public final class SecretValues {
  private static final SecretValues NULL = new SecretValues(null);

  private final Map<String, String> values;

  private SecretValues(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Wraps a copy of the given pairs, sorted by key.
   *
   * @param values the pairs; {@code null} stands for SPIKE's {@code "values":null}
   * @return the values
   */
  public static SecretValues of(Map<String, String> values) {
    if (values == null) {
      return NULL;
    }
    Map<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("secret keys and values must not be null");
      }
      copy.put(e.getKey(), e.getValue());
    }
    return new SecretValues(Collections.unmodifiableMap(copy));
  }

  /** Returns the JSON-null form. */
  public static SecretValues nullValues() {
    return NULL;
  }

  /** Returns the pairs (sorted by key), or empty for the JSON-null form. */
  public Optional<Map<String, String>> asMap() {
    return Optional.ofNullable(values);
  }

  /** Returns the pairs as a new mutable map ({@code null} for the JSON-null form), for encoding. */
  public Map<String, String> toNullableMap() {
    return values == null ? null : new LinkedHashMap<>(values);
  }

  /** Returns true for the JSON-null form. */
  public boolean isNull() {
    return values == null;
  }

  /** Compares keys and values. */
  public boolean sameAs(SecretValues other) {
    return other != null && java.util.Objects.equals(values, other.values);
  }

  @Override
  public String toString() {
    return values == null ? "SecretValues[null]" : "SecretValues[" + values.size() + " keys]";
  }
}
