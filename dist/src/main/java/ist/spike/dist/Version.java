package ist.spike.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build of SPIKE for Java, as stamped by Maven into the dist jar. */
public final class Version {
  private Version() {}

  /**
   * Returns the project version, for example {@code 0.1.0-SNAPSHOT}.
   *
   * @throws IllegalStateException if the build did not stamp a version (a broken jar)
   */
  public static String current() {
    try (InputStream in = Version.class.getResourceAsStream("/spike-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("spike-version.properties is missing from the dist jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
