package ist.spike.spa.lifecycle;

import java.time.Duration;

/** Formats durations for people: {@code 47h 59m 59s}. */
final class Durations {
  private Durations() {}

  static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return (s / 3600) + "h " + (s % 3600 / 60) + "m " + (s % 60) + "s";
  }
}
