package ist.spike.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The build every tool belongs to, as stamped by Maven into {@code build.properties}: the project
 * version and the git commit it was built from.
 *
 * @param version the project version, for example {@code 0.1.0-SNAPSHOT}
 * @param commit the abbreviated commit id of {@code HEAD} at build time, or {@code unknown} when
 *     built outside a git clone
 */
public record BuildInfo(String version, String commit) {
  static final String UNKNOWN = "unknown";

  /**
   * Reads the stamped build information.
   *
   * @return this build
   * @throws IllegalStateException if the resource is missing (a broken jar)
   */
  public static BuildInfo current() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        throw new IllegalStateException("build.properties is missing from the spike-cli jar");
      }
      Properties p = new Properties();
      p.load(in);
      return new BuildInfo(stamped(p.getProperty("version")), stamped(p.getProperty("commit")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A value Maven did not replace (no git, plugin skipped) reads as unknown. */
  private static String stamped(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value;
  }

  /**
   * Returns the one version line every tool prints, for example {@code SPIKE for Java
   * 0.1.0-SNAPSHOT (commit 0d729e3a1b)}.
   *
   * @return the version line
   */
  public String versionLine() {
    return "SPIKE for Java " + version + " (commit " + commit + ")";
  }
}
