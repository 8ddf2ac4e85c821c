package ist.spike.faults;

import ist.spike.bench.stack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real stack (three Keepers 2-of-3, Nexus on SQLite, Bootstrap run) shared by the fault tests
 * that kill Nexus and start it again: a test method takes a {@link LocalStack} parameter. Started
 * on first use, kept in JUnit's root store and stopped (its directory deleted) when the test run
 * ends, so the suite pays one stack start for them. Each test leaves Nexus running and ready, and
 * uses its own secret paths.
 *
 * <p>Nexus runs with {@code SPIKE_NEXUS_ROTATION_TEST_STEP_PAUSE} and a small {@code
 * SPIKE_NEXUS_ROTATION_RESEAL_BATCH} so that {@link KillNexusDuringRotationTest} can aim kills at
 * rotation phases; both only act during a rotation.
 */
final class SharedStack implements ParameterResolver {
  /** Each recorded step of a rotation waits this long. */
  static final Duration ROTATION_STEP = Duration.ofMillis(200);

  /** Rows re-sealed per store transaction during a rotation. */
  static final int RESEAL_BATCH = 4;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(SharedStack.class))
        .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class)
        .stack();
  }

  /** The started stack and its directory; closing stops it and deletes the directory. */
  record Running(LocalStack stack, Path dir) implements AutoCloseable {
    static Running start() {
      try {
        Path dir = Files.createTempDirectory("spike-faults-stack");
        LocalStack stack =
            LocalStack.builder(dir)
                .nexusEnv("SPIKE_NEXUS_ROTATION_TEST_STEP_PAUSE", ROTATION_STEP.toMillis() + "ms")
                .nexusEnv("SPIKE_NEXUS_ROTATION_RESEAL_BATCH", Integer.toString(RESEAL_BATCH))
                .build()
                .startAll(Duration.ofSeconds(120));
        return new Running(stack, dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the stack", e);
      }
    }

    @Override
    public void close() throws Exception {
      try {
        stack.close();
      } finally {
        try (Stream<Path> all = Files.walk(dir)) {
          all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
