package ist.spike.pilot;

import ist.spike.client.SpikeConflictException;
import ist.spike.client.error.SpikeBadRequestException;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikeNotFoundException;
import ist.spike.client.error.SpikeNotReadyException;
import ist.spike.client.error.SpikeServerErrorException;
import ist.spike.client.error.SpikeUnauthorizedException;
import java.io.PrintWriter;

/**
 * Prints SPIKE's error lines for failed API calls, plus the reason (indented, on the next line),
 * and returns the exit code (always 1: unlike SPIKE, a handled error is still a failure).
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
    if (e instanceof SpikeNotReadyException) {
      err.println("SPIKE is not ready yet. Please wait a moment and try again.");
    } else if (e instanceof SpikeNotFoundException) {
      err.println(notFoundMessage);
    } else if (e instanceof SpikeUnauthorizedException) {
      err.println("Error: Unauthorized access.");
    } else if (e instanceof SpikeConflictException) {
      err.println("Error: Version conflict.");
      err.println("  The secret changed since the version given with --cas; read it and retry.");
    } else if (e instanceof SpikeBadRequestException) {
      err.println("Error: Invalid request.");
    } else if (e instanceof SpikeConnectionException) {
      err.println("Error: Failed to connect to SPIKE Nexus.");
    } else if (e instanceof SpikeServerErrorException) {
      err.println("Error: SPIKE Nexus failed to handle the request.");
    } else {
      err.println("Error: Failed to parse API response.");
    }
    err.println("  " + e.getMessage() + cause(e));
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

  private static String cause(Throwable t) {
    if (!(t instanceof SpikeConnectionException) || t.getCause() == null) {
      return "";
    }
    Throwable root = t.getCause();
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return " (" + root.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")";
  }
}
