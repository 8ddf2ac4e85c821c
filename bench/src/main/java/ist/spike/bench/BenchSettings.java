package ist.spike.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Set;

/**
 * Settings of one {@code bin/spike-bench} run.
 *
 * @param home the repository (launchers in {@code bin/})
 * @param out where results go
 * @param suites the suites to run
 * @param quick shorter iterations (for trying things out; not for published numbers)
 * @param verbose print JMH's and the stack's output
 */
record BenchSettings(Path home, Path out, Set<String> suites, boolean quick, boolean verbose) {
  /** Every suite, in run order. */
  static final Set<String> ALL =
      Set.of("micro", "handshake", "newconn", "server", "transit", "ha", "lifecycle", "cli");

  BenchSettings {
    requireNonNull(home, "home");
    requireNonNull(out, "out");
    suites = Set.copyOf(suites);
    for (String s : suites) {
      if (!ALL.contains(s)) {
        throw new IllegalArgumentException("unknown suite '" + s + "'; suites are " + ALL);
      }
    }
  }

  boolean runs(String suite) {
    return suites.contains(suite);
  }

  /** Seconds for a recorded load-test period. */
  int loadSeconds() {
    return quick ? 3 : 10;
  }
}
