package ist.spike.spring;

import java.util.Objects;
import org.springframework.boot.context.config.ConfigDataResource;

/** One secret named by {@code spring.config.import=spike:PATH[?prefix=P]}. */
public final class SpikeConfigDataResource extends ConfigDataResource {
  private final String path;
  private final String prefix;
  private final boolean optional;

  SpikeConfigDataResource(String path, String prefix, boolean optional) {
    super(optional);
    this.path = Objects.requireNonNull(path, "path");
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

  /** Returns how the secret's keys are named as properties. */
  SpikePropertyNames names() {
    return SpikePropertyNames.of(path, prefix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpikeConfigDataResource r
        && r.path.equals(path)
        && Objects.equals(r.prefix, prefix);
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
