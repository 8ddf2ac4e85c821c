package ist.spike.identity.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, read-only view of an environment map with SPIKE's conventions: blank means unset, an
 * invalid duration or a non-positive integer falls back to the default (spec §10), and strict
 * variants throw with the variable name for settings where a silent fallback would be unsafe.
 */
public final class Env {
  private final Map<String, String> env;

  private Env(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Wraps an environment map (copied).
   *
   * @param env for example {@code System.getenv()}
   * @return the view
   */
  public static Env of(Map<String, String> env) {
    requireNonNull(env, "env must not be null");
    return new Env(env);
  }

  /** Returns a view of the process environment. */
  public static Env system() {
    return of(System.getenv());
  }

  /**
   * Returns a variable's value if set and not blank.
   *
   * @param name the variable
   * @return the trimmed value or empty
   */
  public Optional<String> get(String name) {
    String value = env.get(requireNonNull(name, "name must not be null"));
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * Returns a variable, or a default when unset.
   *
   * @param name the variable
   * @param defaultValue the default
   * @return the value
   */
  public String get(String name, String defaultValue) {
    return get(name).orElse(defaultValue);
  }

  /**
   * Returns a Go duration; unset or invalid gives the default, as in SPIKE.
   *
   * @param name the variable
   * @param defaultValue the default
   * @return the duration
   */
  public Duration duration(String name, Duration defaultValue) {
    return get(name).flatMap(GoDuration::tryParse).orElse(defaultValue);
  }

  /**
   * Returns a Go duration, rejecting invalid values.
   *
   * @param name the variable
   * @param defaultValue the default when unset
   * @return the duration
   * @throws IllegalArgumentException naming the variable, if the value is not a Go duration
   */
  public Duration strictDuration(String name, Duration defaultValue) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    return GoDuration.tryParse(raw.get())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    name + "='" + raw.get() + "' is not a duration; use e.g. 500ms, 10s, 5m"));
  }

  /**
   * Returns a positive integer; unset, invalid or non-positive gives the default, as in SPIKE.
   *
   * @param name the variable
   * @param defaultValue the default
   * @return the value
   */
  public int positiveInt(String name, int defaultValue) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.get());
      return value > 0 ? value : defaultValue;
    } catch (NumberFormatException e) {
      return defaultValue;
    }
  }

  /** Returns the underlying map (immutable). */
  public Map<String, String> asMap() {
    return env;
  }

  @Override
  public String toString() {
    return "Env[" + env.size() + " variables]";
  }
}
