package ist.spike.bench;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * An experiment, not a suite: secret gets on a new TLS connection per call (as {@link
 * NewConnectionSuite} makes them) against a Nexus that is already running, for a given time, so
 * that the Nexus process can be watched from outside meanwhile ({@code jstat -gc}, {@code perf},
 * JFR, its CPU time in {@code /proc}). Prints the number of calls and the client p50.
 *
 * <p>Usage: {@code java -cp 'bench/target/lib/*' ist.spike.bench.NewConnectionLoop SVID_DIR
 * NEXUS_URL SECONDS} with the SVID of a workload allowed to read {@code bench/db} (a dev stack's
 * superuser: {@code . .spike-dev/env} gives {@code SPIKE_SVID_DIR} and {@code
 * SPIKE_NEXUS_API_URL}).
 */
public final class NewConnectionLoop {
  private NewConnectionLoop() {}

  /**
   * Runs the loop.
   *
   * @param args SVID directory, Nexus URL, seconds
   * @throws Exception if a call fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: NewConnectionLoop SVID_DIR NEXUS_URL SECONDS");
      System.exit(2);
    }
    URI nexus = URI.create(args[1]);
    long seconds = Long.parseLong(args[2]);
    byte[] get = "{\"path\":\"bench/db\"}".getBytes(StandardCharsets.UTF_8);
    try (FileSvidSource source = FileSvidSource.open(Path.of(args[0]))) {
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long[] nanos = new long[1 << 16];
      int n = 0;
      while (System.nanoTime() < end) {
        // a client context of its own per call: nothing to resume, as with SPIKE's Go SDK
        var client = SpiffeTls.sslContext(source, SpiffeIdVerifier.insecureAcceptAnyTrusted());
        long start = System.nanoTime();
        NewConnectionSuite.call(client, nexus, "/v1/store/secrets?action=get", get);
        if (n == nanos.length) {
          nanos = Arrays.copyOf(nanos, n * 2);
        }
        nanos[n++] = System.nanoTime() - start;
      }
      Arrays.sort(nanos, 0, n);
      System.out.printf(
          Locale.ROOT, "%d calls, client p50 %.2f ms%n", n, n == 0 ? 0 : nanos[n / 2] / 1e6);
    }
  }
}
