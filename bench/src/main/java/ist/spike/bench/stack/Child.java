package ist.spike.bench.stack;

import static java.util.Objects.requireNonNull;

import ist.spike.dist.NativeLibraryPath;
import ist.spike.dist.RuntimeJava;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One SPIKE component running as its own JVM process, started with this JVM's classpath, its output
 * appended to a log file. {@link #kill()} is a real {@code SIGKILL}.
 */
public final class Child implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private Child(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} in a new JVM.
   *
   * @param name a short name for messages
   * @param mainClass the class to run
   * @param jvmArgs JVM options
   * @param env environment variables added to this process's environment
   * @param log the file the child's stdout and stderr are appended to
   * @return the running child
   * @throws IOException if the process cannot be started
   */
  public static Child start(
      String name, String mainClass, List<String> jvmArgs, Map<String, String> env, Path log)
      throws IOException {
    return start(name, mainClass, jvmArgs, List.of(), env, log);
  }

  /**
   * Starts {@code mainClass} in a new JVM with program arguments.
   *
   * @param name a short name for messages
   * @param mainClass the class to run
   * @param jvmArgs JVM options
   * @param args the program's arguments
   * @param env environment variables added to this process's environment
   * @param log the file the child's stdout and stderr are appended to
   * @return the running child
   * @throws IOException if the process cannot be started
   */
  public static Child start(
      String name,
      String mainClass,
      List<String> jvmArgs,
      List<String> args,
      Map<String, String> env,
      Path log)
      throws IOException {
    return start(name, mainClass, jvmArgs, args, env, log, OptionalLong.empty());
  }

  /**
   * Starts {@code mainClass} in a new JVM, optionally under a file-size limit ({@code ulimit -f}).
   *
   * @param name a short name for messages
   * @param mainClass the class to run
   * @param jvmArgs JVM options
   * @param args the program's arguments
   * @param env environment variables added to this process's environment
   * @param log the file the child's stdout and stderr are appended to
   * @param fileSizeLimitBytes the largest file the process may write, or empty for no limit
   * @return the running child
   * @throws IOException if the process cannot be started
   */
  public static Child start(
      String name,
      String mainClass,
      List<String> jvmArgs,
      List<String> args,
      Map<String, String> env,
      Path log,
      OptionalLong fileSizeLimitBytes)
      throws IOException {
    return start(
        System.getProperty("java.class.path"),
        name,
        mainClass,
        jvmArgs,
        args,
        env,
        log,
        fileSizeLimitBytes);
  }

  /**
   * Like {@link #start(String, String, List, List, Map, Path, OptionalLong)}, with the class path
   * the child runs on (for example the product's {@code dist/target/lib/*}, which its AOT caches
   * were made for), on the product's runtime ({@link RuntimeJava#forThisJvm()}, ADR 0231).
   */
  public static Child start(
      String classPath,
      String name,
      String mainClass,
      List<String> jvmArgs,
      List<String> args,
      Map<String, String> env,
      Path log,
      OptionalLong fileSizeLimitBytes)
      throws IOException {
    return start(
        RuntimeJava.forThisJvm(),
        classPath,
        name,
        mainClass,
        jvmArgs,
        args,
        env,
        log,
        fileSizeLimitBytes);
  }

  /**
   * Like {@link #start(String, String, String, List, List, Map, Path, OptionalLong)}, on the given
   * {@code java} instead of the product's runtime ({@link RuntimeJava#forThisJvm()}): for comparing
   * two runtimes.
   */
  public static Child start(
      Path java,
      String classPath,
      String name,
      String mainClass,
      List<String> jvmArgs,
      List<String> args,
      Map<String, String> env,
      Path log,
      OptionalLong fileSizeLimitBytes)
      throws IOException {
    requireNonNull(java, "java");
    requireNonNull(classPath, "classPath");
    requireNonNull(name, "name");
    requireNonNull(mainClass, "mainClass");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(NativeLibraryPath.optionsFor(classPath));
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    if (fileSizeLimitBytes.isPresent()) {
      // bash's ulimit -f counts 1024-byte blocks; exec keeps the pid the JVM's.
      List<String> wrapped = new ArrayList<>();
      wrapped.add("/bin/bash");
      wrapped.add("-c");
      wrapped.add(
          "ulimit -f " + Math.max(1, fileSizeLimitBytes.getAsLong() / 1024) + "; exec \"$@\"");
      wrapped.add("bash");
      wrapped.addAll(command);
      command = wrapped;
    }
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("SPIKE_") || k.startsWith("SPIFFE_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return new Child(name, pb.start(), log);
  }

  /** The component's name. */
  public String name() {
    return name;
  }

  /** The OS process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Its log file. */
  public Path log() {
    return log;
  }

  /** Sends SIGKILL and waits for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Waits for the process to exit; returns its status, or -1 on timeout. */
  public int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    return process.waitFor(timeout, unit) ? process.exitValue() : -1;
  }

  /**
   * CPU time the process has used so far (user + system, from {@code /proc/<pid>/stat}, in clock
   * ticks of 10 ms), or empty off Linux or once it is gone.
   */
  public OptionalLong cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14 and 15 of stat; f[0] is field 3
      return OptionalLong.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** Resident set size in bytes from {@code /proc/<pid>/status} (VmRSS), if readable. */
  public OptionalLong residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // gone or not Linux
    }
    return OptionalLong.empty();
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL after 5 seconds. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      kill();
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + (isAlive() ? "" : ", exited") + "]";
  }
}
