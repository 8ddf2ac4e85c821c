package ist.spike.pilot;

import ist.spike.client.SpikeApiException;
import ist.spike.client.SpikeConnectionException;
import ist.spike.client.SpikeException;
import java.io.PrintWriter;

/**
 * Prints SPIKE's error lines for failed API calls, plus the reason when one is known, and returns
 * the exit code (always 1: unlike SPIKE, a handled error is still a failure).
 */
public final class ApiErrors {
  /** Exit code for a failed command. */
  public static final int FAILURE = 1;

  private ApiErrors() {}

  /**
   * Reports a failed call.
   *
   * @param err standard error
   * @param e the failure
   * @param notFoundMessage the line for a 404 (for example "Error: Resource not found.")
   * @return {@link #FAILURE}
   */
  public static int report(PrintWriter err, SpikeException e, String notFoundMessage) {
    if (e instanceof SpikeConnectionException c) {
      err.println("Error: Failed to connect to SPIKE Nexus.");
      err.println(
          "  " + c.getMessage() + (c.getCause() == null ? "" : ": " + describe(c.getCause())));
    } else if (e instanceof SpikeApiException a) {
      if (a.isNotReady()) {
        err.println("SPIKE is not ready yet. Please wait a moment and try again.");
      } else if (a.isNotFound()) {
        err.println(notFoundMessage);
      } else if (a.isUnauthorized()) {
        err.println("Error: Unauthorized access.");
        err.println("  Nexus refused this SPIFFE ID for this operation (no matching policy?).");
      } else if (a.isConflict()) {
        err.println("Error: Version conflict.");
        err.println("  The secret changed since the version given with --cas; read it and retry.");
      } else if (a.isBadRequest()) {
        err.println("Error: Invalid request.");
        if (!a.getMessage().isEmpty()) {
          err.println("  " + a.getMessage());
        }
      } else {
        err.println("Error: Failed to connect to SPIKE Nexus.");
        err.println("  " + a.getMessage());
      }
    }
    err.flush();
    return FAILURE;
  }

  /**
   * Reports a local validation failure.
   *
   * @param err standard error
   * @param message the line to print
   * @return {@link #FAILURE}
   */
  public static int invalid(PrintWriter err, String message) {
    err.println(message);
    err.flush();
    return FAILURE;
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
  }
}
