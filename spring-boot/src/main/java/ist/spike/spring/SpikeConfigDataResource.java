package ist.spike.spring;

import java.util.Objects;
import org.springframework.boot.context.config.ConfigDataResource;

/** One secret named by {@code spring.config.import=spike:PATH}. */
public final class SpikeConfigDataResource extends ConfigDataResource {
  private final String path;
  private final String prefix;
  private final boolean optional;

  SpikeConfigDataResource(String path, String prefix, boolean optional) {
    super(optional);
    this.path = path;
    this.prefix = prefix;
    this.optional = optional;
  }

  /** Returns whether the import was {@code optional:}. */
  public boolean optional() {
    return optional;
  }

  /** Returns the secret path. */
  public String path() {
    return path;
  }

  /** Returns the prefix put before each key. */
  public String prefix() {
    return prefix;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpikeConfigDataResource r && r.path.equals(path) && r.prefix.equals(prefix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, prefix);
  }

  @Override
  public String toString() {
    return "spike:" + path;
  }
}
