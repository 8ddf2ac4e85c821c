package ist.spike.cli;

import java.util.Map;

/**
 * Ends this process when the {@code bin/spike-dev} that started it is gone, so that a killed
 * development stack leaves no orphans. Only active when {@code SPIKE_DEV_PARENT_PID} is set (by the
 * development stack); production launches never set it.
 */
public final class DevParentWatch {
  /** The variable the development stack sets to its own pid. */
  public static final String VARIABLE = "SPIKE_DEV_PARENT_PID";

  private DevParentWatch() {}

  /** Starts the watch if {@code SPIKE_DEV_PARENT_PID} names a process. */
  public static void startIfRequested(Map<String, String> env) {
    String pid = env.get(VARIABLE);
    if (pid == null || pid.isBlank()) {
      return;
    }
    long parent;
    try {
      parent = Long.parseLong(pid.trim());
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle.of(parent)
        .ifPresentOrElse(
            h -> h.onExit().thenRun(() -> System.exit(0)), () -> Runtime.getRuntime().halt(0));
  }
}
