package ist.spike.dist;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options that tell a JVM started on SPIKE's jars where their native libraries are (ADR 0248).
 * The build puts the native libraries that the jars ship (Conscrypt's, sqlite-jdbc's) in {@code
 * lib/native}, beside the jars ({@link NativeLibraryUnpacker}), so the libraries load from there
 * instead of being copied to a temporary file at every start. Every process started on {@code
 * dist/target/lib} is given that directory: the launchers with {@code spike_native_opts_into}, the
 * JVMs that SPIKE's own processes start (the development stack's children, the AOT training, the
 * benchmarks) with {@link #optionsFor}.
 */
public final class NativeLibraryPath {
  /** The directory beside the jars that holds their native libraries. */
  public static final String DIR = "native";

  /**
   * sqlite-jdbc's own setting: it loads its library from there first, before it looks for the
   * library among the jars' resources (a walk over every jar of the class path when it is absent)
   * and in {@code java.library.path}; where that library does not load (another platform), it goes
   * on to its jar's resource as before.
   */
  static final String SQLITE_LIB_PATH = "org.sqlite.lib.path";

  private static final Pattern SEPARATOR = Pattern.compile(Pattern.quote(File.pathSeparator));

  private NativeLibraryPath() {}

  /**
   * The options that let a JVM on {@code classPath} load the native libraries of its jars: {@code
   * -Djava.library.path=} the {@value #DIR} directories beside its entries (Conscrypt's loader
   * looks there) and {@value #SQLITE_LIB_PATH} the first of them, or none when there are none (a
   * class path of build directories or of a Maven repository, whose jars keep their libraries).
   *
   * @param classPath a class path as {@code -cp} takes it (entries may be {@code dir/*})
   * @return no option or two, to put before any option the caller was given (the last {@code -D} of
   *     a property wins, so a user's own still does)
   */
  public static List<String> optionsFor(String classPath) {
    requireNonNull(classPath, "classPath");
    Set<Path> dirs = new LinkedHashSet<>();
    for (String entry : SEPARATOR.split(classPath)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path parent = Path.of(entry).toAbsolutePath().getParent();
      if (parent != null) {
        dirs.add(parent.resolve(DIR));
      }
    }
    List<String> existing = dirs.stream().filter(Files::isDirectory).map(Path::toString).toList();
    if (existing.isEmpty()) {
      return List.of();
    }
    return List.of(
        "-Djava.library.path=" + String.join(File.pathSeparator, existing),
        "-D" + SQLITE_LIB_PATH + "=" + existing.get(0));
  }
}
