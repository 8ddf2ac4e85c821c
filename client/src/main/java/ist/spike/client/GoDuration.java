package ist.spike.client;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as Go's {@code time.ParseDuration} accepts them ({@code 300ms}, {@code
 * 5m}, {@code 1h30m}, {@code 1.5s}), which is how SPIKE's {@code SPIKE_*} duration variables are
 * written.
 */
public final class GoDuration {
  private static final Pattern WHOLE = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses a Go duration; {@code "0"} is zero.
   *
   * @return the duration, or empty if the text is not a valid non-negative Go duration
   */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.trim();
    if (s.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = WHOLE.matcher(s);
    int pos = 0;
    double nanos = 0;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        return Optional.empty();
      }
      double value = Double.parseDouble(m.group(1));
      nanos +=
          value
              * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
      pos = m.end();
    }
    if (nanos > Long.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos((long) nanos));
  }

  /** Parses a positive Go duration, answering {@code fallback} when it is absent or invalid. */
  public static Duration parseOr(String text, Duration fallback) {
    return parse(text).filter(d -> !d.isZero()).orElse(fallback);
  }
}
