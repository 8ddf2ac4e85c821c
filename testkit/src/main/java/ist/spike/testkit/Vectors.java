package ist.spike.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the reference vectors in {@code ../shared/vectors}, which are read at test time and never
 * copied into this repository.
 *
 * <p>The directory comes from the system property {@code spike.vectors.dir} (set by the parent POM,
 * overridable with {@code -Dspike.vectors.dir=...}). When the file is absent the calling test is
 * skipped with a visible message, except under {@code CI=true}, where absence fails the test.
 */
public final class Vectors {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vectors() {}

  /**
   * Returns the path of a vector file, skipping (or, in CI, failing) the test when it is absent.
   *
   * @param fileName for example {@code spike-shamir.json}
   * @return an existing, readable file
   */
  public static Path file(String fileName) {
    String dir = System.getProperty("spike.vectors.dir", "../shared/vectors");
    Path path = Path.of(dir).resolve(fileName).toAbsolutePath().normalize();
    if (!Files.isReadable(path)) {
      String message =
          "reference vectors not found at "
              + path
              + " (set -Dspike.vectors.dir=DIR to point at shared/vectors)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message + "; CI=true, so their absence is a failure");
      }
      System.err.println("SKIPPED: " + message);
      Assumptions.abort(message);
    }
    return path;
  }

  /**
   * Parses a vector file as JSON.
   *
   * @param fileName for example {@code spike-shamir.json}
   * @return the parsed document
   */
  public static JsonNode json(String fileName) {
    Path path = file(fileName);
    try {
      return MAPPER.readTree(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + path, e);
    }
  }
}
