package ist.spike.nexus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Names the PostgreSQL advisory lock of key runs (ADR-0164) and tells who holds it, from {@code
 * pg_locks} and {@code pg_stat_activity}.
 */
final class KeyRunHolder {
  /** {@code pg_try_advisory_lock(int, int)} keys: "SPKE", "KEYR". */
  static final int LOCK_CLASS = 0x53504B45;

  static final int LOCK_ID = 0x4B455952;

  private static final String PREFIX = "spike-nexus ";
  private static final int MAX_NAME = 63; // PostgreSQL truncates application_name beyond this

  private KeyRunHolder() {}

  /** The {@code application_name} of the lock's connection: the run and this process. */
  static String applicationName(String run) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown host";
    }
    String name = PREFIX + run + ", pid " + ProcessHandle.current().pid() + " on " + host;
    return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
  }

  /** Describes the session holding the lock, or says that it was just released. */
  static String describe(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.application_name, host(a.client_addr), a.backend_start"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted"
                + " AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 2")) {
      ps.setLong(1, LOCK_CLASS);
      ps.setLong(2, LOCK_ID);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return "another Nexus instance (it has just finished)";
        }
        String app = rs.getString(1);
        String who =
            app != null && app.startsWith(PREFIX)
                ? app.substring(PREFIX.length())
                : "a session named '" + app + "'";
        String from = rs.getString(2);
        java.sql.Timestamp since = rs.getTimestamp(3);
        return "another Nexus instance ("
            + who
            + (from == null ? "" : ", connected from " + from)
            + (since == null ? "" : ", since " + since.toInstant())
            + ")";
      }
    }
  }
}
