package ist.spike.client;

import java.time.Duration;

/** Parses Go duration strings ({@code 1h30m}, {@code 500ms}, {@code 60s}). */
final class GoDurations {
  private static final java.util.regex.Pattern PART =
      java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private GoDurations() {}

  static Duration parse(String variable, String value) {
    String v = value.trim();
    java.util.regex.Matcher m = PART.matcher(v);
    long nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double n = Double.parseDouble(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos += (long) (n * unit);
      end = m.end();
    }
    if (v.isEmpty() || end != v.length() || nanos <= 0) {
      throw new IllegalArgumentException(
          variable + " must be a positive Go duration such as 30s or 1m; got '" + value + "'");
    }
    return Duration.ofNanos(nanos);
  }
}
