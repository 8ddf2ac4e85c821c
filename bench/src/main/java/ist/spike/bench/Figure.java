package ist.spike.bench;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * One measured number of a benchmark run, with the baseline it was measured against in the same run
 * and the target it is judged by.
 *
 * @param name what was measured, e.g. "secret get throughput"
 * @param value the measured value (NaN when the figure could not be measured; see note)
 * @param unit its unit, e.g. "req/s", "ms", "MB/s"
 * @param baselineName what the baseline is, or empty
 * @param baselineValue the baseline's value in the same unit (NaN when there is none)
 * @param target the goal, if the issue sets one
 * @param note how it was measured, or why it could not be
 */
public record Figure(
    String name,
    double value,
    String unit,
    String baselineName,
    double baselineValue,
    Optional<Target> target,
    String note) {

  /** Validates. */
  public Figure {
    requireNonNull(name, "name");
    requireNonNull(unit, "unit");
    requireNonNull(baselineName, "baselineName");
    requireNonNull(target, "target");
    requireNonNull(note, "note");
  }

  /** A figure with no baseline. */
  public static Figure of(String name, double value, String unit, String note) {
    return new Figure(name, value, unit, "", Double.NaN, Optional.empty(), note);
  }

  /** A figure that could not be measured, with the reason. */
  public static Figure notMeasured(String name, String unit, Optional<Target> target, String why) {
    return new Figure(name, Double.NaN, unit, "", Double.NaN, target, "not measured: " + why);
  }

  /** Returns a copy with this target. */
  public Figure withTarget(Target t) {
    return new Figure(name, value, unit, baselineName, baselineValue, Optional.of(t), note);
  }

  /** Returns a copy with this baseline. */
  public Figure withBaseline(String baseline, double baselineValue) {
    return new Figure(name, value, unit, baseline, baselineValue, target, note);
  }

  /** Whether a value was measured. */
  public boolean measured() {
    return !Double.isNaN(value);
  }

  /** value / baseline, or NaN without a baseline. */
  public double ratio() {
    return Double.isNaN(baselineValue) || baselineValue == 0 ? Double.NaN : value / baselineValue;
  }

  /** Whether the target is met; empty without a target or a measurement. */
  public Optional<Boolean> targetMet() {
    if (target.isEmpty() || !measured()) {
      return Optional.empty();
    }
    if (target.get().kind() == Target.Kind.MIN_RATIO && Double.isNaN(ratio())) {
      return Optional.empty();
    }
    return Optional.of(target.get().isMet(value, ratio()));
  }

  /** "met", "missed by …", "not measured" or "" (no target). */
  public String verdict() {
    if (target.isEmpty()) {
      return "";
    }
    Optional<Boolean> met = targetMet();
    if (met.isEmpty()) {
      return "not measured";
    }
    return met.get() ? "met" : target.get().shortfall(value, ratio(), unit);
  }

  /** Three significant digits, no exponent for everyday magnitudes. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
