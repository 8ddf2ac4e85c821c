package ist.spike.pilot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * The training run behind {@code bin/spike}'s JDK AOT cache (ADR 0127): the commands a user runs
 * most, against the real Nexus named by {@code SPIKE_NEXUS_API_URL} with the SVID in {@code
 * SPIKE_SVID_DIR} (the throwaway development stack of {@code AotTrainMain}), output discarded. The
 * cache then holds what a real {@code spike secret get} loads (picocli, the SVID source, TLS, the
 * HTTP client, the JSON codec) and nothing a command does not need, since the JVM loads every
 * cached class at start.
 */
public final class AotTraining {
  /** The path the training writes and reads. */
  static final String PATH = "aot/training/pilot";

  /**
   * The training's {@code secret get}, which also records the cache of that command alone (ADR
   * 0247); it reads what the training's {@code secret put} wrote.
   */
  public static final List<String> SECRET_GET = List.of("secret", "get", PATH);

  private AotTraining() {}

  /**
   * Runs the training commands against the Nexus of the environment; exits with status 1 if one
   * failed (the cache would then record an error path).
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PilotLogging.install(System.getenv()); // as PilotMain does, so the cache matches
    int code = run(System.getenv(), ClientFactory::fromEnvironment);
    if (code != 0) {
      System.err.println("Pilot AOT training: a command failed with exit status " + code);
      System.exit(1);
    }
  }

  /**
   * Runs {@code secret put}, {@code secret get} and {@code secret list}.
   *
   * @param env the environment (Nexus URL and SVID)
   * @param clients opens the client
   * @return 0, or the first non-zero exit status
   */
  static int run(Map<String, String> env, ClientFactory clients) {
    for (List<String> command :
        List.of(
            List.of("secret", "put", PATH, "username=training", "password=training"),
            SECRET_GET,
            List.of("secret", "list"))) {
      StringWriter err = new StringWriter();
      String[] args = command.toArray(String[]::new);
      // as PilotMain.main does, so the cache holds the early client's classes (ADR 0238)
      ClientFactory early = EarlyClient.start(args, env, clients, System.err);
      int code =
          PilotMain.run(
              args,
              env,
              new PrintWriter(new StringWriter()),
              new ByteArrayOutputStream(),
              new PrintWriter(err),
              new ByteArrayInputStream(new byte[0]),
              early);
      if (early instanceof EarlyClient e) {
        try {
          e.discard(); // closes a client the command did not take
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return 1;
        }
      }
      if (code != 0) {
        System.err.print(err);
        return code;
      }
    }
    return 0;
  }
}
