package ist.spike.pilot.operator;

import static java.util.Objects.requireNonNull;

import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The shape shared by the superuser commands that act on the root key the Keepers keep ({@code
 * rotate}, {@code rekey}): open the operator API as superuser, then either print the status or
 * start the operation and say how to follow it; exit 0 on success and 1, with the reason on the
 * error stream, when Nexus refuses or cannot be reached.
 */
final class KeptRootKeyCommand {
  /** What the command does with the open API; writes its own lines to {@link #out()}. */
  @FunctionalInterface
  interface Call {
    void run(OperatorApi api) throws OperatorApiException;
  }

  private final Map<String, String> env;
  private final OperatorApiFactory apis;
  private final PrintWriter out;
  private final PrintWriter err;
  private final String name;
  private final String recoverAgain;

  /**
   * @param env the environment
   * @param apis opens the operator API
   * @param out standard output
   * @param err standard error
   * @param name the subcommand name, as in {@code spike operator NAME --status}
   * @param recoverAgain what to do once the operation is done
   */
  KeptRootKeyCommand(
      Map<String, String> env,
      OperatorApiFactory apis,
      PrintWriter out,
      PrintWriter err,
      String name,
      String recoverAgain) {
    this.env = requireNonNull(env, "env");
    this.apis = requireNonNull(apis, "apis");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
    this.name = requireNonNull(name, "name");
    this.recoverAgain = requireNonNull(recoverAgain, "recoverAgain");
  }

  PrintWriter out() {
    return out;
  }

  /**
   * Runs {@code status} or {@code start} with the superuser API.
   *
   * @return the exit code: 0, or 1 when Nexus refuses or cannot be reached
   */
  int run(boolean showStatus, Call status, Call start) {
    try (OperatorApi api = apis.open(env, OperatorApiFactory.Role.SUPERUSER)) {
      (showStatus ? status : start).run(api);
      return 0;
    } catch (OperatorApiException e) {
      err.println("Error: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Prints that the operation started, how to follow it and what to do once it is done. */
  void printStarted(String started) {
    out.println(started);
    out.println("Follow it with: spike operator " + name + " --status");
    out.println("When it is done: " + recoverAgain);
  }

  /**
   * Prints the last operation's progress: {@code none} when there was none ({@code phase} empty),
   * else {@code progress}, followed by what to do when it is done.
   */
  /**
   * Prints why an unfinished run stopped and when Nexus resumes it by itself (ADR-0230); nothing
   * when none stopped.
   */
  void printStopped(String phase, int retries, long retryIn, String stoppedBy, String command) {
    if (retries > 0 && !phase.isEmpty() && !"done".equals(phase)) {
      out.println(
          "Stopped by: "
              + stoppedBy
              + "; Nexus resumes it by itself in "
              + retryIn
              + " s (failed attempts: "
              + retries
              + "). "
              + command
              + " resumes it now.");
    }
  }

  void printProgress(String phase, String none, String progress) {
    if (phase.isEmpty()) {
      out.println(none);
      return;
    }
    out.println(progress);
    if ("done".equals(phase)) {
      out.println(recoverAgain);
    }
  }
}
