package ist.spike.dist;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code java} command SPIKE's processes run on (ADR 0231). The launchers run every process on
 * the runtime image they make with jlink (or on the JDK when there is none, or with {@code
 * SPIKE_RUNTIME=jdk}), so a process they started passes its own {@code java.home} on to the
 * processes it starts (the development stack's children, the AOT training runs). A JVM that runs
 * elsewhere (the benchmarks, which need the JDK's tools) is told the product's runtime with the
 * system property {@value #PROPERTY}.
 */
public final class RuntimeJava {
  /** System property naming the {@code java} executable children run on. */
  public static final String PROPERTY = "spike.runtime.java";

  private RuntimeJava() {}

  /**
   * The {@code java} executable for SPIKE processes started from this JVM: {@value #PROPERTY} when
   * set, else this JVM's own.
   *
   * @throws IllegalStateException if {@value #PROPERTY} names no executable file
   */
  public static Path forThisJvm() {
    String named = System.getProperty(PROPERTY, "");
    if (named.isBlank()) {
      return Path.of(System.getProperty("java.home"), "bin", "java");
    }
    Path java = Path.of(named);
    if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
      throw new IllegalStateException(
          PROPERTY + " names " + named + ", which is not an executable java launcher");
    }
    return java;
  }
}
