package ist.spike.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The keys of one SPIKE secret as properties; {@link SpikeConfigRefresher} can replace them. The
 * name is {@code spike:PATH}; values are never part of {@code toString()}.
 */
public final class SpikePropertySource extends EnumerablePropertySource<String> {
  private final String prefix;
  private volatile Map<String, String> values;

  SpikePropertySource(String path, String prefix, Map<String, String> secret) {
    super("spike:" + path, path);
    this.prefix = prefix;
    this.values = prefixed(secret);
  }

  private Map<String, String> prefixed(Map<String, String> secret) {
    Map<String, String> out = new LinkedHashMap<>();
    secret.forEach((k, v) -> out.put(prefix + k, v));
    return Map.copyOf(out);
  }

  /** Returns the secret path. */
  public String path() {
    return getSource();
  }

  void replace(Map<String, String> secret) {
    this.values = prefixed(secret);
  }

  @Override
  public String[] getPropertyNames() {
    return values.keySet().toArray(new String[0]);
  }

  @Override
  public Object getProperty(String name) {
    return values.get(name);
  }

  @Override
  public String toString() {
    return "SpikePropertySource[" + getName() + ", " + values.size() + " keys]";
  }
}
