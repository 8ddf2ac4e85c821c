package ist.spike.bench;

import ist.spike.bench.stack.LocalStack;
import ist.spike.bench.stack.Mtls;
import ist.spike.dist.NativeLibraryPath;
import ist.spike.dist.RuntimeJava;
import ist.spike.identity.SpikeRole;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Wall time of {@code bin/spike secret get} as a user sees it: the launcher script, JVM start, mTLS
 * handshake, the request and the output, against a running stack. Measured as shipped, and with a
 * JDK AOT cache ({@code -XX:AOTCache}, JDK 25) created by one training run; the baseline is the
 * JVM's own start ({@code java -version} with the launcher's options).
 */
final class CliSuite implements Suite {
  static final String CLI = "bin/spike secret get wall time";
  static final String SECRET = "0123456789abcdef0123456789abcdef";

  /** Issue 13's target for a `spike secret get`, wall time in ms. */
  static final int TARGET_MS = 250;

  private final BenchSettings settings;
  private boolean expectSecret = true;

  CliSuite(BenchSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "cli";
  }

  @Override
  public List<Figure> unavailable(String why) {
    return List.of(Figure.notMeasured(CLI, "ms", Optional.of(Target.maxValue(TARGET_MS)), why));
  }

  @Override
  public List<Figure> run() throws Exception {
    Path dir = settings.out().resolve("scratch/cli-" + System.nanoTime());
    Path spike = settings.home().resolve("bin/spike");
    List<Figure> out = new ArrayList<>();
    try (LocalStack stack = LocalStack.builder(dir).build().startAll(Duration.ofSeconds(90))) {
      HttpClient http =
          Mtls.client(
              stack.trust().sourceFor(SpikeRole.PILOT_SUPERUSER),
              stack.trust().roles().verifierFor(SpikeRole.NEXUS));
      boolean dataPlane = true;
      try {
        ServerSuite.send(
            http,
            ServerSuite.post(
                stack.nexusUrl(),
                "/v1/store/secrets",
                ("{\"path\":\"bench/cli\",\"values\":{\"password\":\"" + SECRET + "\"}}")
                    .getBytes(StandardCharsets.UTF_8)),
            200);
      } catch (IOException e) {
        // Nexus without its secret routes: time the same round trip, which ends in an error answer.
        dataPlane = false;
      }
      this.expectSecret = dataPlane;
      Map<String, String> env =
          Map.of(
              "SPIKE_NEXUS_API_URL", stack.nexusUrl().toString(),
              "SPIKE_SVID_DIR", stack.trust().svidDirFor(SpikeRole.PILOT_SUPERUSER).toString(),
              "SPIFFE_ENDPOINT_SOCKET", "");
      List<String> get = List.of(spike.toString(), "secret", "get", "bench/cli");
      run(get, env, "", dir, false); // builds the launcher classpath if stale; not timed
      int runs = settings.quick() ? 3 : 7;
      double[] plain = time(get, env, "", dir, runs);
      // The JDK's AOT cache cannot be combined with -Xshare:auto, which bin/spike sets, so this
      // variant runs the JVM directly with bin/spike's other options and classpath.
      String java = RuntimeJava.forThisJvm().toString();
      String cp = settings.home().resolve("dist/target/lib").toString() + "/*";
      Path aot = dir.resolve("spike.aot");
      List<String> direct =
          concat(
              List.of(java),
              NativeLibraryPath.optionsFor(cp),
              List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp));
      List<String> args = List.of("ist.spike.pilot.PilotMain", "secret", "get", "bench/cli");
      run(concat(direct, List.of("-XX:AOTCacheOutput=" + aot), args), env, "", dir, false);
      double[] directPlain = time(concat(direct, List.of(), args), env, "", dir, runs);
      double[] withAot =
          Files.exists(aot)
              ? time(concat(direct, List.of("-XX:AOTCache=" + aot), args), env, "", dir, runs)
              : new double[0];
      double[] jvm = timeJvmFloor(dir, runs);
      out.add(
          Figure.of(
                  CLI,
                  LifecycleSuite.median(plain),
                  "ms",
                  "median of "
                      + runs
                      + " runs of `bin/spike secret get` as shipped (launcher script, JVM start,"
                      + " mTLS, request, output)"
                      + (dataPlane
                          ? ""
                          : "; Nexus had no secret routes in this build, so each run ended in"
                              + " Nexus's error answer after the same round trip")
                      + "; runs: "
                      + Arrays.toString(LifecycleSuite.round(plain)))
              .withBaseline("JVM start alone (java -version)", LifecycleSuite.median(jvm))
              .withTarget(Target.maxValue(TARGET_MS)));
      out.add(
          Figure.of(
                  CLI + ", JVM run directly (no launcher script, no CDS flag)",
                  LifecycleSuite.median(directPlain),
                  "ms",
                  "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp dist/target/lib/* PilotMain;"
                      + " runs: "
                      + Arrays.toString(LifecycleSuite.round(directPlain)))
              .withBaseline("JVM start alone (java -version)", LifecycleSuite.median(jvm))
              .withTarget(Target.maxValue(TARGET_MS)));
      if (withAot.length > 0) {
        out.add(
            Figure.of(
                    CLI + ", JVM run directly with an AOT cache",
                    LifecycleSuite.median(withAot),
                    "ms",
                    "as the line above plus -XX:AOTCache=FILE, after one -XX:AOTCacheOutput"
                        + " training run of the same command (JDK 25); runs: "
                        + Arrays.toString(LifecycleSuite.round(withAot)))
                .withBaseline("JVM start alone (java -version)", LifecycleSuite.median(jvm))
                .withTarget(Target.maxValue(TARGET_MS)));
      }
    }
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b, List<String> c) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }

  private double[] time(List<String> cmd, Map<String, String> env, String opts, Path dir, int n)
      throws Exception {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      String output = run(cmd, env, opts, dir, expectSecret);
      ms[i] = (System.nanoTime() - t0) / 1e6;
      if (expectSecret && !output.contains(SECRET)) {
        throw new IOException("bin/spike secret get did not print the secret:\n" + output);
      }
    }
    return ms;
  }

  private double[] timeJvmFloor(Path dir, int n) throws Exception {
    String java = RuntimeJava.forThisJvm().toString();
    List<String> cmd =
        List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-version");
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      run(cmd, Map.of(), "", dir, true);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return ms;
  }

  private static String run(
      List<String> cmd, Map<String, String> env, String javaOpts, Path dir, boolean mustSucceed)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("SPIKE_") || k.startsWith("SPIFFE_"));
    pb.environment().putAll(env);
    if (!javaOpts.isEmpty()) {
      pb.environment().put("SPIKE_JAVA_OPTS", javaOpts);
    }
    pb.redirectErrorStream(true);
    Path log = Files.createTempFile(dir, "cli-", ".out");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " timed out");
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    if (mustSucceed && p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + output);
    }
    return output;
  }
}
