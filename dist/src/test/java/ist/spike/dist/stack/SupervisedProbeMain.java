package ist.spike.dist.stack;

import ist.spike.dist.RuntimeProbeMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A supervisor as the development stack makes it ({@link Supervisor#forThisJvm}), running {@link
 * RuntimeProbeMain} once as its child: for showing which runtime the stack's children get.
 */
public final class SupervisedProbeMain {
  private SupervisedProbeMain() {}

  /** Args: run directory, child log file. Exits with the child's status (99 if it timed out). */
  public static void main(String[] args) throws Exception {
    try (Supervisor s = Supervisor.forThisJvm(Path.of(args[0]), System.out)) {
      ChildSpec probe =
          new ChildSpec(
              "probe",
              RuntimeProbeMain.class.getName(),
              List.of(),
              List.of("-Xmx16m", "-XX:+UseSerialGC"),
              Map.of(),
              Path.of(args[1]));
      System.exit(s.runOnce(probe, Duration.ofSeconds(60)).orElse(99));
    }
  }
}
