package ist.spike.bench;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A goal a figure is judged by: a minimum ratio to its baseline, or a maximum absolute value.
 *
 * @param kind what is bounded
 * @param bound the bound (a ratio, or a value in the figure's unit)
 */
public record Target(Kind kind, double bound) {
  /** What a target bounds. */
  public enum Kind {
    /** value / baseline must be at least the bound. */
    MIN_RATIO,
    /** value must be at most the bound. */
    MAX_VALUE,
  }

  /** Validates. */
  public Target {
    requireNonNull(kind, "kind");
    if (!(bound > 0)) {
      throw new IllegalArgumentException("a target bound must be > 0, was " + bound);
    }
  }

  /** At least {@code ratio} times the baseline. */
  public static Target minRatio(double ratio) {
    return new Target(Kind.MIN_RATIO, ratio);
  }

  /** At most {@code value} in the figure's unit. */
  public static Target maxValue(double value) {
    return new Target(Kind.MAX_VALUE, value);
  }

  /** Whether a measured figure meets this target. */
  boolean isMet(double value, double ratio) {
    return switch (kind) {
      case MIN_RATIO -> ratio >= bound;
      case MAX_VALUE -> value <= bound;
    };
  }

  /** How the target reads in the table, e.g. "≥ 0.6× baseline" or "≤ 200 ms". */
  String describe(String unit) {
    return switch (kind) {
      case MIN_RATIO -> "≥ " + plain(bound) + "× baseline";
      case MAX_VALUE -> "≤ " + plain(bound) + " " + unit;
    };
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** How far a measured figure misses this target, e.g. "missed by 12% (0.53× < 0.6×)". */
  String shortfall(double value, double ratio, String unit) {
    return switch (kind) {
      case MIN_RATIO ->
          String.format(
              Locale.ROOT,
              "missed by %.0f%% (%s× < %s×)",
              100 * (bound - ratio) / bound,
              Figure.format(ratio),
              plain(bound));
      case MAX_VALUE ->
          String.format(
              Locale.ROOT,
              "missed by %s %s (+%.0f%%)",
              Figure.format(value - bound),
              unit,
              100 * (value - bound) / bound);
    };
  }
}
