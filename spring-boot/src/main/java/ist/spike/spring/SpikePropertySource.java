package ist.spike.spring;

import java.util.Map;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The keys of one SPIKE secret as properties, named by {@link SpikePropertyNames}; {@link
 * SpikeConfigRefresher} can replace them. The name is {@code spike:PATH}; values are never part of
 * {@code toString()}.
 */
public final class SpikePropertySource extends EnumerablePropertySource<String> {
  private final SpikePropertyNames names;
  private volatile Map<String, String> values;

  SpikePropertySource(String path, SpikePropertyNames names, Map<String, String> secret) {
    super("spike:" + path, path);
    this.names = names;
    this.values = names.apply(secret);
  }

  /** Returns the secret path. */
  public String path() {
    return getSource();
  }

  void replace(Map<String, String> secret) {
    this.values = names.apply(secret);
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
    return "SpikePropertySource[" + getName() + ", " + values.size() + " names]";
  }
}
