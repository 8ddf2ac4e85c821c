package ist.spike.spring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the keys of an imported secret become property names (ADR-0144).
 *
 * <p>Without a prefix, each key is available twice: as stored (what Spring Cloud Vault does, so a
 * secret holding {@code spring.datasource.password} configures Spring directly) and under the
 * secret's last path segment ({@code secrets/db} key {@code password} → {@code db.password}). When
 * both give the same name, the key as stored wins. With a prefix ({@code ?prefix=} on the location,
 * or {@code spike.config.prefix}), each key is available once, as {@code prefix + key}; an empty
 * prefix gives the keys exactly as stored.
 */
final class SpikePropertyNames {
  private final String segmentPrefix;
  private final String prefix;

  private SpikePropertyNames(String segmentPrefix, String prefix) {
    this.segmentPrefix = segmentPrefix;
    this.prefix = prefix;
  }

  /**
   * The naming for one imported secret.
   *
   * @param path the secret path
   * @param prefix the prefix asked for, or {@code null} for the default naming
   * @return the naming
   */
  static SpikePropertyNames of(String path, String prefix) {
    if (prefix != null) {
      return new SpikePropertyNames(null, prefix);
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String segment = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    return new SpikePropertyNames(segment.isEmpty() ? null : segment + ".", "");
  }

  /** Returns the property names and values for the keys of {@code secret}. */
  Map<String, String> apply(Map<String, String> secret) {
    Map<String, String> out = new LinkedHashMap<>();
    if (segmentPrefix != null) {
      secret.forEach((k, v) -> out.put(segmentPrefix + k, v));
    }
    secret.forEach((k, v) -> out.put(prefix + k, v));
    return Map.copyOf(out);
  }

  @Override
  public String toString() {
    return segmentPrefix == null
        ? "prefix '" + prefix + "'"
        : "as stored and under '" + segmentPrefix + "'";
  }
}
