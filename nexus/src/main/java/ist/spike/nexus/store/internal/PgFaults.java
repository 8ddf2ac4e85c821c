package ist.spike.nexus.store.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Sorts PostgreSQL failures by SQL state: retry the transaction, server unreachable, or other. */
public final class PgFaults {
  private PgFaults() {}

  /**
   * Returns true if PostgreSQL asks for the transaction to be run again: serialization failure
   * ({@code 40001}) or deadlock detected ({@code 40P01}). Nothing of it was committed.
   *
   * @param failure what the database threw
   * @return true to retry
   */
  public static boolean isRetryable(Throwable failure) {
    String state = sqlState(failure);
    return "40001".equals(state) || "40P01".equals(state);
  }

  /**
   * Returns true if the server cannot be reached or is shutting down: connection exceptions ({@code
   * 08…}), administrator shutdown or crash ({@code 57P01}–{@code 57P03}), too many connections
   * ({@code 53300}), or the pool timing out on a connection.
   *
   * @param failure what the database or pool threw
   * @return true when the server, not the statement, is at fault
   */
  public static boolean isUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException e && e.getSQLState() != null) {
        String s = e.getSQLState();
        if (s.startsWith("08") || s.startsWith("57P") || s.equals("53300")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns true if the server cannot write for lack of resources: disk full ({@code 53100}), out
   * of memory ({@code 53200}), read-only transaction on a standby ({@code 25006}).
   *
   * @param failure what the database threw
   * @return true when the environment, not the request, is at fault
   */
  public static boolean isEnvironment(Throwable failure) {
    String state = sqlState(failure);
    return "53100".equals(state) || "53200".equals(state) || "25006".equals(state);
  }

  /** Returns the first SQL state found in the failure or its causes. */
  public static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException e && e.getSQLState() != null) {
        return e.getSQLState();
      }
    }
    return null;
  }
}
