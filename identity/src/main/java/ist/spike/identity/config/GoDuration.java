package ist.spike.identity.config;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Parses durations written as Go's {@code time.ParseDuration} accepts them: an optional sign, then
 * one or more decimal numbers with a unit ({@code ns}, {@code us}, {@code µs}, {@code ms}, {@code
 * s}, {@code m}, {@code h}), for example {@code 300ms}, {@code 1.5h}, {@code 2h45m}, {@code 0}.
 */
public final class GoDuration {
  private GoDuration() {}

  /**
   * Parses a Go duration.
   *
   * @param text the duration
   * @return the duration
   * @throws IllegalArgumentException if {@code text} is not a Go duration (the message quotes the
   *     expected form)
   */
  public static Duration parse(String text) {
    requireNonNull(text, "text must not be null");
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "invalid duration '"
                        + text
                        + "': use a Go duration such as 500ms, 10s, 5m, 1h30m"));
  }

  /**
   * Parses a Go duration.
   *
   * @param text the duration
   * @return the duration, or empty if {@code text} is not a Go duration
   */
  public static Optional<Duration> tryParse(String text) {
    requireNonNull(text, "text must not be null");
    String s = text;
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty()
          || number.equals(".")
          || number.chars().filter(c -> c == '.').count() > 1) {
        return Optional.empty();
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit =
          switch (s.substring(unitStart, i)) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> -1L;
          };
      if (unit < 0) {
        return Optional.empty();
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Optional.empty();
    }
    long n = nanos.longValue();
    return Optional.of(Duration.ofNanos(negative ? -n : n));
  }
}
