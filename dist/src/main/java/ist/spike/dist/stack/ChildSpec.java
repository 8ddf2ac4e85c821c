package ist.spike.dist.stack;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one component of the development stack as its own OS process.
 *
 * @param name short name used in logs and pid files, for example {@code keeper-2}
 * @param mainClass the Java main class
 * @param args arguments after the main class
 * @param jvmOptions options placed before {@code -cp}
 * @param env environment variables added to the parent's environment
 * @param log the file stdout and stderr are appended to
 */
public record ChildSpec(
    String name,
    String mainClass,
    List<String> args,
    List<String> jvmOptions,
    Map<String, String> env,
    Path log) {
  /** Validates and copies. */
  public ChildSpec {
    requireNonNull(name, "name");
    requireNonNull(mainClass, "mainClass");
    args = List.copyOf(args);
    jvmOptions = List.copyOf(jvmOptions);
    env = Map.copyOf(env);
    requireNonNull(log, "log");
    if (!name.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("child name must match [a-z0-9-]+, got " + name);
    }
  }
}
