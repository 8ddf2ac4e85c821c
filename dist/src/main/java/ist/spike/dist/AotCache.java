package ist.spike.dist;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The directory of JDK AOT caches (JEP 483/514) the launchers and the development stack start
 * SPIKE's JVMs with: one cache per main class, {@code <SimpleName>.aot}, and one for a command that
 * has its own ({@code PilotSecretGet.aot}, ADR 0247), created by {@link AotTrainMain} from recorded
 * runs. Methods that take a main class also take such a cache name. {@code bin/lib/launch.sh} names
 * the directory (one per JDK version, next to the jars) and passes it to Java-started stacks as the
 * system property {@value #DIR_PROPERTY} (ADR 0127).
 *
 * <p>A missing cache means "start without one"; the JVM itself checks a present cache against the
 * class path and its own version and ignores a stale one. Both are silent, so a cache only ever
 * changes start-up time.
 */
public final class AotCache {
  /** System property naming the cache directory. */
  public static final String DIR_PROPERTY = "spike.aot.dir";

  /** Options that keep the JVM quiet about a cache it cannot use. */
  static final List<String> QUIET = List.of("-Xlog:aot=off", "-Xlog:cds=off");

  private final Path dir;

  private AotCache(Path dir) {
    this.dir = dir;
  }

  /**
   * A cache directory.
   *
   * @param dir where the caches are (it need not exist yet)
   * @return the cache directory
   */
  public static AotCache in(Path dir) {
    return new AotCache(requireNonNull(dir, "dir").toAbsolutePath().normalize());
  }

  /**
   * The cache directory the launcher named with {@value #DIR_PROPERTY}, if any and if this JDK has
   * AOT caches (25 and newer).
   */
  public static Optional<AotCache> fromSystemProperties() {
    String dir = System.getProperty(DIR_PROPERTY, "");
    if (dir.isBlank() || !supported()) {
      return Optional.empty();
    }
    return Optional.of(in(Path.of(dir)));
  }

  /** Whether the running JDK reads and writes AOT caches with these options (JDK 25+). */
  public static boolean supported() {
    return Runtime.version().feature() >= 25;
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /** The cache file of a main class: {@code <dir>/<SimpleName>.aot}. */
  public Path cacheFile(String mainClass) {
    return dir.resolve(simpleName(mainClass) + ".aot");
  }

  /** The training record of a main class: {@code <dir>/<SimpleName>.aotconf}. */
  public Path configurationFile(String mainClass) {
    return dir.resolve(simpleName(mainClass) + ".aotconf");
  }

  /**
   * JVM options that start {@code mainClass} with its cache, or none when there is no cache yet.
   *
   * @param mainClass the main class of the JVM to start
   * @return options to place before {@code -cp}
   */
  public List<String> useOptions(String mainClass) {
    Path cache = cacheFile(mainClass);
    if (!Files.isRegularFile(cache)) {
      return List.of();
    }
    return List.of("-XX:AOTCache=" + cache, QUIET.get(0), QUIET.get(1));
  }

  /**
   * JVM options that record a training run of {@code mainClass}: the JVM writes {@link
   * #configurationFile} when it exits normally (SIGTERM included).
   */
  public List<String> recordOptions(String mainClass) {
    return List.of(
        "-XX:AOTMode=record",
        "-XX:AOTConfiguration=" + configurationFile(mainClass),
        QUIET.get(0),
        QUIET.get(1));
  }

  /** JVM options that turn a recorded configuration into {@link #cacheFile} (no main class). */
  List<String> createOptions(String mainClass, Path output) {
    return List.of(
        "-XX:AOTMode=create",
        "-XX:AOTConfiguration=" + configurationFile(mainClass),
        "-XX:AOTCache=" + output,
        QUIET.get(0),
        QUIET.get(1));
  }

  private static String simpleName(String mainClass) {
    requireNonNull(mainClass, "mainClass");
    String simple = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    if (!simple.matches("[A-Za-z0-9_$]+")) {
      throw new IllegalArgumentException("not a class name: " + mainClass);
    }
    return simple;
  }

  @Override
  public String toString() {
    return "AotCache[" + dir + "]";
  }
}
